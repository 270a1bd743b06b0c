using CloudMask.Masking.Models;

namespace CloudMask.Masking.Calibration;

/// <summary>
/// Fits <see cref="LogitOffsets"/> to labelled pixels: the offsets for shadow, thin cloud and
/// cloud (clear is the reference, 0) that give the best pooled mean dice, by coordinate search
/// on a grid. Why: after training, where a network draws the line between faint thin cloud and
/// clear air swings from epoch to epoch (models/README.md, session 11); three numbers fitted on
/// labelled scenes set it where the labels draw it, without retraining.
/// </summary>
public sealed class LogitOffsetCalibrator
{
    private const int Classes = 4;
    private readonly List<byte> labels = [];
    private readonly List<float> logProbabilities = [];

    /// <summary>Pixels collected so far (labelled 1-4 and predicted).</summary>
    public long Pixels => labels.Count;

    /// <summary>Adds a scene: labels in project codes and the model's probabilities, one plane per
    /// class (clear, shadow, thin, cloud) scaled to 0-255 as <see cref="Inference.PredictionResult"/>
    /// holds them. Pixels labelled missing or undefined are skipped.</summary>
    public void Add(ReadOnlySpan<byte> pixelLabels, IReadOnlyList<byte[]> probabilities)
    {
        if (probabilities.Count != Classes) throw new ArgumentException($"{Classes} probability planes are needed, not {probabilities.Count}", nameof(probabilities));
        var n = pixelLabels.Length;
        if (probabilities.Any(p => p.Length != n))
            throw new ArgumentException("every probability plane must have one value per label pixel", nameof(probabilities));
        for (var i = 0; i < pixelLabels.Length; i++)
        {
            if (pixelLabels[i] is < 1 or > 4) continue;
            labels.Add(pixelLabels[i]);
            // Half a step in from 0 and 1: a probability stored as 0 is "below 1/255", not impossible.
            for (var c = 0; c < Classes; c++) logProbabilities.Add(MathF.Log((probabilities[c][i] + 0.5f) / 256f));
        }
    }

    /// <summary>The offsets to add to those the probabilities were made with. Searches offsets within +-<paramref name="range"/> in steps of <paramref name="step"/>,
    /// one class at a time, <paramref name="rounds"/> times over; on equal scores the offset nearer 0 wins.</summary>
    public CalibrationResult Fit(float range = 3f, float step = 0.05f, int rounds = 3)
    {
        if (labels.Count == 0) throw new InvalidOperationException("no labelled pixels to calibrate on");
        if (!(range > 0) || !(step > 0) || rounds < 1) throw new ArgumentOutOfRangeException(nameof(range), "range and step must be positive and rounds at least 1");
        var label = labels.ToArray();
        var logp = logProbabilities.ToArray();
        var offsets = new float[Classes];
        var before = MeanDice(label, logp, offsets);
        var best = before;
        // Candidates ordered by distance from 0, so that a tie keeps the smaller correction.
        var steps = (int)MathF.Round(range / step);
        var candidates = Enumerable.Range(-steps, 2 * steps + 1).OrderBy(Math.Abs).ThenBy(k => k).Select(k => (float)Math.Round(k * (double)step, 4)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var changed = false;
            for (var c = 1; c < Classes; c++)
            {
                var keep = offsets[c];
                var bestValue = keep;
                foreach (var value in candidates)
                {
                    offsets[c] = value;
                    var score = MeanDice(label, logp, offsets);
                    if (score > best + 1e-9) { best = score; bestValue = value; }
                }
                offsets[c] = bestValue;
                changed |= bestValue != keep;
            }
            if (!changed) break;
        }
        return new CalibrationResult(new LogitOffsets(offsets), before, best, label.LongLength);
    }

    /// <summary>Mean dice over the classes present in the labels or the predictions, pooled over all pixels.</summary>
    internal static double MeanDice(byte[] label, float[] logp, float[] offsets)
    {
        Span<long> truePositive = stackalloc long[Classes], truth = stackalloc long[Classes], predicted = stackalloc long[Classes];
        for (var i = 0; i < label.Length; i++)
        {
            var arg = 0;
            var max = logp[i * Classes] + offsets[0];
            for (var c = 1; c < Classes; c++)
            {
                var v = logp[i * Classes + c] + offsets[c];
                if (v > max) { max = v; arg = c; }
            }
            var t = label[i] - 1;
            truth[t]++;
            predicted[arg]++;
            if (arg == t) truePositive[t]++;
        }
        double sum = 0;
        var counted = 0;
        for (var c = 0; c < Classes; c++)
        {
            if (truth[c] + predicted[c] == 0) continue;
            sum += 2.0 * truePositive[c] / (truth[c] + predicted[c]);
            counted++;
        }
        return sum / counted;
    }
}

/// <summary>The fitted offsets and the pooled mean dice on the calibration pixels without and with them.</summary>
public sealed record CalibrationResult(LogitOffsets Offsets, double MeanDiceBefore, double MeanDiceAfter, long Pixels);
