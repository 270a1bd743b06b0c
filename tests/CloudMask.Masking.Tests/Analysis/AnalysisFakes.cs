using CloudMask.Masking.Data;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests.Analysis;

/// <summary>Small models and samples with known answers for the analysis tests.</summary>
internal static class AnalysisFakes
{
    public static readonly SpectralBand Blue = SensorBands.Find("B02")!, Red = SensorBands.Find("B04")!, Nir = SensorBands.Find("B08")!;

    /// <summary>Per pixel: cloud (p 0.9) where red is above 0.5, else clear (p 0.9); ignores every other band.</summary>
    public sealed class RedThresholdModel : ISegmentationModel
    {
        public string Id => "red-threshold";
        public int ContextPixels => 0;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;

        public void Predict(SpectralTile tile, Span<float> probabilities)
        {
            var red = tile.Plane("B04");
            var n = tile.Width * tile.Height;
            for (var i = 0; i < n; i++)
            {
                var cloud = red[i] > 0.5f;
                probabilities[i] = cloud ? 0.1f / 3 : 0.9f;
                probabilities[n + i] = probabilities[2 * n + i] = 0.1f / 3;
                probabilities[3 * n + i] = cloud ? 0.9f : 0.1f / 3;
            }
        }
    }

    /// <summary>Not symmetric under flips: cloud in the left half of whatever tile it sees, clear in the right half.</summary>
    public sealed class LeftHalfModel : ISegmentationModel
    {
        public string Id => "left-half";
        public int ContextPixels => 0;
        public string? CheckBands(IReadOnlyList<SpectralBand> bands) => null;

        public void Predict(SpectralTile tile, Span<float> probabilities)
        {
            var n = tile.Width * tile.Height;
            for (var i = 0; i < n; i++)
            {
                var left = i % tile.Width < tile.Width / 2;
                probabilities[i] = left ? 0 : 1;
                probabilities[n + i] = probabilities[2 * n + i] = 0;
                probabilities[3 * n + i] = left ? 1 : 0;
            }
        }
    }

    /// <summary>A w x h sample: red and blue from deterministic fields, labels cloud (4) where red > 0.5, else clear (1).</summary>
    public static LabelledSample Sample(string name, int w, int h, double phase)
    {
        var red = Enumerable.Range(0, w * h).Select(i => (float)(0.5 + 0.45 * Math.Sin(i % w / 5.0 + phase) * Math.Cos(i / w / 7.0))).ToArray();
        var blue = Enumerable.Range(0, w * h).Select(i => (float)(0.3 + 0.2 * Math.Cos(i / 3.0))).ToArray();
        var labels = red.Select(v => v > 0.5f ? (byte)4 : (byte)1).ToArray();
        return new LabelledSample(name, [Blue, Red], w, h, [blue, red], labels).Validated();
    }
}
