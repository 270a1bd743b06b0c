using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Analysis;

/// <summary>A rectangle of another spectral source, seen as a source of its own (georeference shifted to match).</summary>
public sealed class WindowSource(ISpectralSource inner, Window window) : ISpectralSource
{
    public string Path => inner.Path;
    public int Width => window.Width;
    public int Height => window.Height;
    public GeoTransform? GeoTransform => inner.GeoTransform?.ForWindow(window);
    public string? Crs => inner.Crs;
    public IReadOnlyList<SpectralBand> SpectralBands => inner.SpectralBands;

    public void ReadReflectance(int band, Window w, Span<float> destination) =>
        inner.ReadReflectance(band, new Window(window.X + w.X, window.Y + w.Y, w.Width, w.Height), destination);
}
