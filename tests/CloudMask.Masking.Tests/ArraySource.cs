using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests;

/// <summary>An in-memory scene for inference tests: band planes in managed arrays.</summary>
internal sealed class ArraySource(IReadOnlyList<SpectralBand> bands, int width, int height, float[][] planes) : ISpectralSource
{
    public string Path => "(in memory)";
    public int Width => width;
    public int Height => height;
    public GeoTransform? GeoTransform => null;
    public string? Crs => null;
    public IReadOnlyList<SpectralBand> SpectralBands => bands;
    public int Reads { get; private set; }

    public void ReadReflectance(int band, Window window, Span<float> destination)
    {
        Reads++;
        for (var row = 0; row < window.Height; row++)
            planes[band].AsSpan((window.Y + row) * width + window.X, window.Width).CopyTo(destination.Slice(row * window.Width, window.Width));
    }

    /// <summary>A smooth random-looking field in 0..1 (sums of sines), deterministic.</summary>
    public static float[] Field(int width, int height, double phase) =>
        Enumerable.Range(0, width * height).Select(i =>
        {
            double x = i % width, y = i / width;
            return (float)(0.5 + 0.25 * Math.Sin(x / 7.3 + phase) * Math.Cos(y / 5.1 - phase) + 0.2 * Math.Sin((x + y) / 11.0 + 2 * phase));
        }).ToArray();
}
