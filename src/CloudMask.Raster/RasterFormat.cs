namespace CloudMask.Raster;

/// <summary>
/// An output format: a GDAL driver and its creation options. The presets below are the ones the
/// project writes; <see cref="Custom"/> covers anything else GDAL can create by copy.
/// </summary>
public sealed record RasterFormat(string Driver, IReadOnlyList<string> CreationOptions, string Extension)
{
    /// <summary>Tiled GeoTIFF with DEFLATE compression (chips, band stacks).</summary>
    public static RasterFormat GeoTiff { get; } = new("GTiff", ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"], ".tif");

    /// <summary>
    /// Cloud-Optimized GeoTIFF, DEFLATE, 512 px blocks. Overviews already built on the in-memory
    /// raster are reused (fast); otherwise the driver makes them with <paramref name="overviewResampling"/>.
    /// </summary>
    public static RasterFormat Cog(Resampling overviewResampling = Resampling.Nearest, bool predictor = false) => new("COG",
        ["COMPRESS=DEFLATE", "BLOCKSIZE=512", "OVERVIEWS=AUTO", "NUM_THREADS=ALL_CPUS", "BIGTIFF=IF_SAFER",
         $"OVERVIEW_RESAMPLING={overviewResampling.ToString().ToUpperInvariant()}", predictor ? "PREDICTOR=YES" : "PREDICTOR=NO"],
        ".tif");

    /// <summary>Lossless JPEG 2000 in 1024 px tiles, as Sentinel-2 bands are stored.</summary>
    public static RasterFormat Jp2Lossless { get; } = new("JP2OpenJPEG",
        ["REVERSIBLE=YES", "QUALITY=100", "BLOCKXSIZE=1024", "BLOCKYSIZE=1024", "RESOLUTIONS=6"], ".jp2");

    /// <summary>PNG (previews, galleries).</summary>
    public static RasterFormat Png { get; } = new("PNG", [], ".png");

    public static RasterFormat Custom(string driver, params string[] options) => new(driver, options, "");
}
