namespace CloudMask.Sentinel2.Reading;

/// <summary>
/// One strip of a band stack: full width, <see cref="Rows"/> rows starting at <see cref="Row0"/>.
/// Pixel (x, y) of band b is <c>Reflectance[b][(y - Row0) * Width + x]</c>.
/// </summary>
public sealed class StripData
{
    internal StripData(int row0, int rows, int width, float[][] reflectance, byte[] noData, byte[] saturated)
    {
        Row0 = row0;
        Rows = rows;
        Width = width;
        Reflectance = reflectance;
        NoData = noData;
        Saturated = saturated;
    }

    public int Row0 { get; }
    public int Rows { get; }
    public int Width { get; }

    /// <summary>Reflectance per band, (DN + offset) / quantification; 0 where the pixel is nodata in that band.</summary>
    public float[][] Reflectance { get; }

    /// <summary>1 where any band has the nodata DN (0) at this pixel: outside the swath, partial tiles.</summary>
    public byte[] NoData { get; }

    /// <summary>1 where any band has the saturated DN (65535) at this pixel.</summary>
    public byte[] Saturated { get; }
}
