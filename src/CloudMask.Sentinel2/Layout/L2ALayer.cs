namespace CloudMask.Sentinel2.Layout;

/// <summary>Non-spectral layers of an L2A product (Sen2Cor outputs).</summary>
public enum L2ALayer
{
    /// <summary>Scene classification, uint8 classes 0-11 (IMG_DATA/R20m and R60m).</summary>
    SCL,

    /// <summary>Aerosol optical thickness, DN / AOT_QUANTIFICATION_VALUE (IMG_DATA, every resolution).</summary>
    AOT,

    /// <summary>Water vapour, DN / WVP_QUANTIFICATION_VALUE in cm (IMG_DATA, every resolution).</summary>
    WVP,

    /// <summary>Cloud probability 0-100 % (QI_DATA: MSK_CLDPRB_20m.jp2, or L2A_T.._CLD_20m.jp2 before 02.07).</summary>
    CLD,

    /// <summary>Snow probability 0-100 % (QI_DATA: MSK_SNWPRB_20m.jp2, or L2A_T.._SNW_20m.jp2 before 02.07).</summary>
    SNW,
}
