namespace CloudMask.Raster.Spectral;

/// <summary>
/// Anything that yields reflectance bands on one pixel grid: a GeoTIFF band stack, a Sentinel-2
/// product at a chosen resolution. Inference reads through this, so it does not care which.
/// </summary>
public interface ISpectralSource
{
    /// <summary>A name for messages and output files (usually the input path).</summary>
    string Path { get; }
    int Width { get; }
    int Height { get; }
    GeoTransform? GeoTransform { get; }
    string? Crs { get; }

    /// <summary>The bands, in the order <see cref="ReadReflectance"/> indexes them.</summary>
    IReadOnlyList<SpectralBand> SpectralBands { get; }

    /// <summary>
    /// Reads band <paramref name="band"/> over <paramref name="window"/> at full resolution as
    /// reflectance into <paramref name="destination"/> (window-sized, row-major); nodata is NaN.
    /// </summary>
    void ReadReflectance(int band, Window window, Span<float> destination);
}
