namespace CloudMask.Raster;

/// <summary>
/// GDAL's affine geotransform: x = OriginX + col*PixelWidth + row*RowRotation,
/// y = OriginY + col*ColumnRotation + row*PixelHeight (PixelHeight is negative for north-up).
/// </summary>
public readonly record struct GeoTransform(
    double OriginX, double PixelWidth, double RowRotation,
    double OriginY, double ColumnRotation, double PixelHeight)
{
    /// <summary>GDAL's default for rasters without georeferencing.</summary>
    public static GeoTransform Identity { get; } = new(0, 1, 0, 0, 0, 1);

    public bool IsNorthUp => RowRotation == 0 && ColumnRotation == 0;

    internal double[] ToArray() => [OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight];

    internal static GeoTransform FromArray(ReadOnlySpan<double> a) => new(a[0], a[1], a[2], a[3], a[4], a[5]);

    /// <summary>The transform of a window of this raster resampled by <paramref name="factor"/>
    /// (factor 2 = pixels twice as large).</summary>
    public GeoTransform ForWindow(Window window, double factor = 1) => new(
        OriginX + window.X * PixelWidth + window.Y * RowRotation, PixelWidth * factor, RowRotation * factor,
        OriginY + window.X * ColumnRotation + window.Y * PixelHeight, ColumnRotation * factor, PixelHeight * factor);
}
