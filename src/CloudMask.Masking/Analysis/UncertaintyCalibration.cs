using CloudMask.Masking.Data;

namespace CloudMask.Masking.Analysis;

/// <summary>One tenth of the scored pixels, ordered by uncertainty.</summary>
public sealed record UncertaintyDecile(int Decile, int MinUncertainty, int MaxUncertainty, double Pixels, double Wrong)
{
    public double ErrorRate => Pixels > 0 ? Wrong / Pixels : double.NaN;
}

/// <summary>
/// Is the uncertainty band meaningful? Counts, for every uncertainty value 0..255, the labelled
/// pixels and how many of them the mask got wrong; then splits the pixels into ten equal-sized
/// groups by uncertainty (deciles) and gives the error rate of each. A useful band has error rates
/// rising from the first decile to the last. Pixels with label 0 (missing) or 5 (undefined), or
/// predicted 0, are not counted. Many pixels share a value (often 0), so a value straddling a
/// decile boundary is split between the two deciles in proportion, with its error rate.
/// </summary>
public sealed class UncertaintyCalibration
{
    private readonly long[] _pixels = new long[256];
    private readonly long[] _wrong = new long[256];

    public long Pixels => _pixels.Sum();
    public long Wrong => _wrong.Sum();

    public void Add(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions, ReadOnlySpan<byte> uncertainty)
    {
        if (labels.Length != predictions.Length || labels.Length != uncertainty.Length)
            throw new ArgumentException($"labels ({labels.Length}), predictions ({predictions.Length}) and uncertainty ({uncertainty.Length}) differ in size");
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is 0 or > 4 || predictions[i] is 0 or > 4) continue;
            _pixels[uncertainty[i]]++;
            if (labels[i] != predictions[i]) _wrong[uncertainty[i]]++;
        }
    }

    /// <summary>Ten groups of equal pixel count from least to most uncertain.</summary>
    public IReadOnlyList<UncertaintyDecile> Deciles(int groups = 10)
    {
        var total = (double)Pixels;
        var result = new List<UncertaintyDecile>();
        if (total == 0) return result;
        var value = 0;
        var usedOfValue = 0.0; // pixels of the current value already given to earlier deciles
        for (var d = 0; d < groups; d++)
        {
            var want = total / groups;
            double pixels = 0, wrong = 0;
            int min = -1, max = -1;
            while (want - pixels > 1e-9 && value < 256)
            {
                var left = _pixels[value] - usedOfValue;
                if (left <= 1e-9) { value++; usedOfValue = 0; continue; }
                var take = Math.Min(left, want - pixels);
                if (min < 0) min = value;
                max = value;
                pixels += take;
                wrong += take * _wrong[value] / _pixels[value];
                usedOfValue += take;
            }
            result.Add(new UncertaintyDecile(d + 1, Math.Max(min, 0), Math.Max(max, 0), pixels, wrong));
        }
        return result;
    }

    /// <summary>Error rate of the most uncertain tenth divided by that of the other nine tenths.</summary>
    public double TopDecileRatio()
    {
        var deciles = Deciles();
        if (deciles.Count < 10) return double.NaN;
        var rest = deciles.Take(9).Sum(d => d.Wrong) / deciles.Take(9).Sum(d => d.Pixels);
        return rest > 0 ? deciles[9].ErrorRate / rest : double.PositiveInfinity;
    }

    /// <summary>Share of wrong pixels with at least this uncertainty (how much of the error a threshold finds).</summary>
    public double ErrorShareAbove(int threshold) => Wrong == 0 ? double.NaN : (double)_wrong.Skip(threshold).Sum() / Wrong;
}

/// <summary>Runs a model over labelled chips and collects its <see cref="UncertaintyCalibration"/>.</summary>
public static class UncertaintyCheck
{
    /// <param name="method">Entropy of one pass, or mutual information of flip passes (the model is wrapped in a <see cref="Inference.FlipEnsemble"/>).</param>
    public static UncertaintyCalibration Measure(Models.ISegmentationModel model, IReadOnlyList<Data.LabelledSample> chips, Inference.UncertaintyMethod method,
        IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var used = method == Inference.UncertaintyMethod.Flips ? new Inference.FlipEnsemble(model) : model;
        var predictor = new Inference.TiledPredictor(used, new Inference.TilingOptions(512, 32));
        var calibration = new UncertaintyCalibration();
        for (var i = 0; i < chips.Count; i++)
        {
            var result = predictor.Predict(new SampleSpectralSource(chips[i]), Inference.PredictionOutputs.Uncertainty, cancellation: cancellation);
            calibration.Add(chips[i].Labels, result.Mask, result.Uncertainty!);
            progress?.Report((i + 1.0) / chips.Count);
        }
        return calibration;
    }
}
