namespace CloudMask.Raster.Spectral;

/// <summary>How stored values become reflectance: reflectance = value * Scale + Offset.</summary>
public readonly record struct ReflectanceEncoding(double Scale, double Offset, string Source)
{
    /// <summary>Float bands without scale already hold reflectance.</summary>
    public static ReflectanceEncoding Identity { get; } = new(1, 0, "stored as reflectance");

    /// <summary>16-bit bands without scale hold DN with reflectance = DN / 10000 (Sentinel-2, Landsat C2 convention before offsets).</summary>
    public static ReflectanceEncoding DnOver10000 { get; } = new(1e-4, 0, "DN / 10000 (16-bit without scale)");
}
