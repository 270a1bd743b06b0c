namespace CloudMask.Raster;

/// <summary>How GDAL resamples when the output grid differs from the source (GDALRIOResampleAlg).</summary>
public enum Resampling
{
    Nearest = 0,
    Bilinear = 1,
    Cubic = 2,
    CubicSpline = 3,
    Lanczos = 4,
    Average = 5,
    /// <summary>Most frequent value: the right choice for class maps.</summary>
    Mode = 6,
}
