using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// The rule-based baseline: the decision tree of Hollstein et al. 2016 ("Ready-to-Use Methods
/// for the Detection of Clouds, Cirrus, Snow, Shadow, Water and Clear Sky Pixels in Sentinel-2
/// MSI Images", Remote Sensing 8(8):666, Figure 8) on L1C top-of-atmosphere reflectance.
/// Its six classes map to ours: clear, water and snow -> clear; shadow -> cloud shadow;
/// cirrus -> semi-transparent cloud; cloud -> cloud. Per pixel: no spatial context.
/// </summary>
public sealed class HollsteinDecisionTree : ISegmentationModel
{
    /// <summary>The bands the tree reads.</summary>
    public static IReadOnlyList<string> RequiredBandNames { get; } = ["B01", "B02", "B03", "B05", "B06", "B07", "B8A", "B09", "B10", "B11"];

    public string Id => "hollstein-2016";
    public int ContextPixels => 0;

    public enum Outcome { Clear, Water, Snow, Shadow, Cirrus, Cloud }

    public string? CheckBands(IReadOnlyList<SpectralBand> bands)
    {
        var missing = RequiredBandNames.Where(n => !bands.Any(b => string.Equals(b.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        return missing.Count == 0 ? null
            : $"the Hollstein decision tree needs Sentinel-2 L1C bands {string.Join(' ', RequiredBandNames)}; missing {string.Join(' ', missing)}";
    }

    public void Predict(SpectralTile tile, Span<float> probabilities)
    {
        var n = tile.Width * tile.Height;
        if (probabilities.Length < 4 * n) throw new ArgumentException("probability buffer too small", nameof(probabilities));
        float[] b01 = tile.Plane("B01"), b02 = tile.Plane("B02"), b03 = tile.Plane("B03"), b05 = tile.Plane("B05"),
            b06 = tile.Plane("B06"), b07 = tile.Plane("B07"), b8a = tile.Plane("B8A"), b09 = tile.Plane("B09"),
            b10 = tile.Plane("B10"), b11 = tile.Plane("B11");
        probabilities[..(4 * n)].Clear();
        for (var i = 0; i < n; i++)
        {
            var outcome = Classify(b01[i], b02[i], b03[i], b05[i], b06[i], b07[i], b8a[i], b09[i], b10[i], b11[i]);
            var plane = outcome switch
            {
                Outcome.Shadow => 1,
                Outcome.Cirrus => 2,
                Outcome.Cloud => 3,
                _ => 0,
            };
            probabilities[plane * n + i] = 1;
        }
    }

    /// <summary>The tree itself, on reflectance (0..1). Differences and ratios as in the paper's figure.</summary>
    public static Outcome Classify(float b01, float b02, float b03, float b05, float b06, float b07, float b8a, float b09, float b10, float b11)
    {
        if (b03 < 0.319f)
        {
            if (b8a < 0.166f)
            {
                if (b03 - b07 < 0.027f) return b09 - b11 < -0.097f ? Outcome.Clear : Outcome.Shadow;
                return b09 - b11 < 0.021f ? Outcome.Water : Outcome.Shadow;
            }
            if (b02 / b10 < 14.689f) return b02 / b09 < 0.788f ? Outcome.Clear : Outcome.Cirrus;
            return Outcome.Clear;
        }
        if (b05 / b11 < 4.33f)
        {
            if (b11 - b10 < 0.255f) return b06 - b07 < -0.016f ? Outcome.Cloud : Outcome.Cirrus;
            return b01 < 0.3f ? Outcome.Clear : Outcome.Cloud;
        }
        if (b03 < 0.525f) return b01 / b05 < 1.184f ? Outcome.Clear : Outcome.Shadow;
        return Outcome.Snow;
    }
}
