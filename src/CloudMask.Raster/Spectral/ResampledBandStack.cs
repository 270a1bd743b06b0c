namespace CloudMask.Raster.Spectral;

/// <summary>
/// A band stack seen on a coarser (or finer) pixel grid with the same extent and origin, e.g. a
/// 10 m stack masked at 20 m. GDAL does the resampling while reading (area average when
/// coarsening, so a 20 m pixel is the mean of its four 10 m pixels; bilinear when refining), and
/// leaves nodata pixels out of the averages.
/// </summary>
public sealed class ResampledBandStack : ISpectralSource
{
    private readonly BandStack stack;
    private readonly double factor;

    /// <summary>Views <paramref name="stack"/> at <paramref name="pixelSize"/> in the units of its CRS (metres for
    /// the projected CRSs satellite stacks come in).</summary>
    /// <exception cref="RasterContentException">the stack has no georeferencing, is rotated, or its CRS is not in metres.</exception>
    public ResampledBandStack(BandStack stack, double pixelSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelSize);
        if (stack.GeoTransform is not { } transform || stack.Crs is null)
            throw new RasterContentException(stack.Path, "has no georeferencing, so its pixel size is unknown; mask it at its own resolution");
        if (!transform.IsNorthUp)
            throw new RasterContentException(stack.Path, "is rotated; mask it at its own resolution");
        var unit = Raster.Crs.LinearUnit(stack.Crs);
        if (unit is not ("metre" or "meter" or "Meter" or "Metre"))
            throw new RasterContentException(stack.Path, $"has pixel sizes in {unit ?? "unknown units"}, not metres; mask it at its own resolution");
        if (Math.Abs(Math.Abs(transform.PixelWidth) - Math.Abs(transform.PixelHeight)) > 1e-6 * Math.Abs(transform.PixelWidth))
            throw new RasterContentException(stack.Path, "has non-square pixels; mask it at its own resolution");

        this.stack = stack;
        factor = pixelSize / Math.Abs(transform.PixelWidth);
        Width = Math.Max(1, (int)Math.Round(stack.Width / factor));
        Height = Math.Max(1, (int)Math.Round(stack.Height / factor));
        // Same origin; pixel size from the rounded size so the grid covers the same extent exactly.
        GeoTransform = transform with
        {
            PixelWidth = transform.PixelWidth * stack.Width / Width,
            PixelHeight = transform.PixelHeight * stack.Height / Height,
        };
    }

    public string Path => stack.Path;
    public int Width { get; }
    public int Height { get; }
    public GeoTransform? GeoTransform { get; }
    public string? Crs => stack.Crs;
    public IReadOnlyList<SpectralBand> SpectralBands => stack.SpectralBands;

    public void ReadReflectance(int band, Window window, Span<float> destination)
    {
        // The source window these output pixels cover, clipped to the stack (rounding at the edge).
        double sx = (double)stack.Width / Width, sy = (double)stack.Height / Height;
        var x0 = (int)Math.Round(window.X * sx);
        var y0 = (int)Math.Round(window.Y * sy);
        var x1 = Math.Min(stack.Width, (int)Math.Round((window.X + window.Width) * sx));
        var y1 = Math.Min(stack.Height, (int)Math.Round((window.Y + window.Height) * sy));
        var source = new Window(x0, y0, Math.Max(1, x1 - x0), Math.Max(1, y1 - y0));
        stack.ReadReflectance(band, source, destination, window.Width, window.Height, factor > 1 ? Resampling.Average : Resampling.Bilinear);
    }
}
