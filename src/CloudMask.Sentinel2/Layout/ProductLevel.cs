namespace CloudMask.Sentinel2.Layout;

/// <summary>Processing level of a Sentinel-2 MSI product.</summary>
public enum ProductLevel
{
    /// <summary>Level-1C: top-of-atmosphere reflectance, 13 bands, one resolution folder (IMG_DATA).</summary>
    L1C,

    /// <summary>Level-2A: bottom-of-atmosphere reflectance (Sen2Cor), 12 bands (no B10) resampled into
    /// IMG_DATA/R10m, R20m and R60m, plus scene classification (SCL), AOT and WVP layers.</summary>
    L2A,
}

/// <summary>Names the product level takes in file and folder names.</summary>
public static class ProductLevels
{
    /// <summary>"L1C" or "L2A", as in MTD_MSIL1C.xml and S2A_MSIL1C_... names.</summary>
    public static string Code(this ProductLevel level) => level switch
    {
        ProductLevel.L1C => "L1C",
        ProductLevel.L2A => "L2A",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Known levels: L1C, L2A."),
    };

    /// <summary>Parses "L1C"/"L2A" (any case), also "Level-1C"/"Level-2A" from PROCESSING_LEVEL.</summary>
    public static bool TryParse(string? text, out ProductLevel level)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "L1C" or "LEVEL-1C" or "S2MSI1C":
                level = ProductLevel.L1C;
                return true;
            case "L2A" or "LEVEL-2A" or "S2MSI2A" or "LEVEL-2AP":
                level = ProductLevel.L2A;
                return true;
            default:
                level = default;
                return false;
        }
    }

    /// <summary>Name of the product metadata file at the SAFE root: MTD_MSIL1C.xml or MTD_MSIL2A.xml.</summary>
    public static string MetadataFileName(this ProductLevel level) => $"MTD_MSI{level.Code()}.xml";
}
