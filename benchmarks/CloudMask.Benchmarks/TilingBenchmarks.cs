using BenchmarkDotNet.Attributes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Benchmarks;

/// <summary>The cost of tiling and blending around a model: per-pixel Hollstein tree on a 2048 px 13-band scene.</summary>
[MemoryDiagnoser]
public class TilingBenchmarks
{
    private const int Size = 2048;
    private InMemorySource _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var planes = SensorBands.Sentinel2Msi.Select(_ => Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble() * 0.6f).ToArray()).ToArray();
        _source = new InMemorySource(planes);
    }

    [Benchmark]
    public int HollsteinTiled512() => new TiledPredictor(new HollsteinDecisionTree()).Predict(_source).Mask.Length;

    private sealed class InMemorySource(float[][] planes) : ISpectralSource
    {
        public string Path => "(benchmark)";
        public int Width => Size;
        public int Height => Size;
        public GeoTransform? GeoTransform => null;
        public string? Crs => null;
        public IReadOnlyList<SpectralBand> SpectralBands => SensorBands.Sentinel2Msi;

        public void ReadReflectance(int band, Window window, Span<float> destination)
        {
            for (var row = 0; row < window.Height; row++)
                planes[band].AsSpan((window.Y + row) * Size + window.X, window.Width).CopyTo(destination.Slice(row * window.Width));
        }
    }
}
