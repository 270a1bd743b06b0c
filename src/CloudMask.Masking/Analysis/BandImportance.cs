using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Masking.Evaluation;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;

namespace CloudMask.Masking.Analysis;

/// <summary>How a band is taken away from the model.</summary>
public enum PerturbationKind
{
    /// <summary>Every pixel of the band set to 0 (the KappaMask paper's method).</summary>
    Zero,
    /// <summary>The band's valid pixels permuted at random within each chip (classic permutation importance:
    /// keeps the band's distribution, breaks its relation to the labels).</summary>
    Shuffle,
}

/// <summary>Dice per predicted class (clear, shadow, thin, cloud; NaN where a class never occurs) and their sum.</summary>
public sealed record ClassDice(IReadOnlyList<double> PerClass)
{
    /// <summary>Sum over classes with a value (the paper's summed-dice bar).</summary>
    public double Sum => PerClass.Where(double.IsFinite).Sum();

    public static ClassDice Of(ConfusionMatrix matrix) => new(MaskClasses.Predicted.Select(c => matrix.Metrics(c).Dice).ToArray());
}

/// <summary>One band's result: dice with the band perturbed and the drop from the baseline (positive = the band helps).</summary>
public sealed record BandImportanceResult(string Band, double WavelengthUm, ClassDice Dice, IReadOnlyList<double> DropPerClass, double SummedDrop);

/// <summary>Everything an importance run measured.</summary>
public sealed record BandImportanceReport(string ModelId, PerturbationKind Kind, int Chips, long Pixels, ClassDice Baseline,
    IReadOnlyList<BandImportanceResult> Bands);

/// <summary>
/// Band importance by perturbation (KappaMask paper, Figure 11): score the model on labelled
/// chips, then again with one band filled with 0 (or shuffled), for every band; the drop in dice
/// says how much the model relies on that band. Bands are matched by name across chips, so all
/// chips should come from one sensor; a chip without the band is scored unperturbed.
/// </summary>
public static class BandImportance
{
    public static BandImportanceReport Run(ISegmentationModel model, IReadOnlyList<LabelledSample> chips, PerturbationKind kind,
        int seed = 1, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        if (chips.Count == 0) throw new ArgumentException("no labelled chips to score", nameof(chips));
        // Every band any chip has, by name; a model that cannot use the chips fails on the first prediction, naming the chip.
        var bands = chips.SelectMany(c => c.Bands).DistinctBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var predictor = new TiledPredictor(model, new TilingOptions(512, 32));
        var steps = (bands.Count + 1.0) * chips.Count;
        var done = 0;

        ConfusionMatrix Score(string? perturbed)
        {
            var matrix = new ConfusionMatrix();
            foreach (var chip in chips)
            {
                cancellation.ThrowIfCancellationRequested();
                var planes = chip.Planes;
                var index = perturbed is null ? -1 : IndexOf(chip, perturbed);
                if (index >= 0)
                {
                    planes = (float[][])chip.Planes.Clone();
                    planes[index] = Perturb(chip, index, kind, HashSeed(seed, chip.Name, perturbed!));
                }
                var result = predictor.Predict(new SampleSpectralSource(chip, planes), cancellation: cancellation);
                matrix.Add(chip.Labels, result.Mask);
                progress?.Report(++done / steps);
            }
            return matrix;
        }

        var baselineMatrix = Score(null);
        var baseline = ClassDice.Of(baselineMatrix);
        var results = new List<BandImportanceResult>();
        foreach (var band in bands)
        {
            var dice = ClassDice.Of(Score(band.Name));
            var drops = baseline.PerClass.Zip(dice.PerClass, (b, d) => b - d).ToArray();
            results.Add(new BandImportanceResult(band.Name, band.CentralWavelengthUm, dice, drops, baseline.Sum - dice.Sum));
        }
        return new BandImportanceReport(model.Id, kind, chips.Count, baselineMatrix.Total, baseline, results);
    }

    /// <summary>A perturbed copy of band <paramref name="index"/> of the chip.</summary>
    public static float[] Perturb(LabelledSample chip, int index, PerturbationKind kind, int seed)
    {
        var source = chip.Planes[index];
        var copy = new float[source.Length];
        if (kind == PerturbationKind.Zero) return copy;
        Array.Copy(source, copy, source.Length);
        // Shuffle valid pixels among themselves only: nodata stays where it is.
        var valid = Enumerable.Range(0, copy.Length).Where(i => chip.Labels[i] != 0 && !float.IsNaN(source[i])).ToArray();
        var values = valid.Select(i => source[i]).ToArray();
        new Random(seed).Shuffle(values);
        for (var k = 0; k < valid.Length; k++) copy[valid[k]] = values[k];
        return copy;
    }

    private static int IndexOf(LabelledSample chip, string band)
    {
        for (var i = 0; i < chip.Bands.Count; i++)
            if (string.Equals(chip.Bands[i].Name, band, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>A seed that depends on the run seed, chip and band but not on the process (string.GetHashCode is randomised).</summary>
    private static int HashSeed(int seed, string chip, string band)
    {
        unchecked
        {
            var h = (uint)seed * 2654435761u;
            foreach (var ch in chip + "/" + band) h = (h ^ ch) * 16777619u;
            return (int)(h & 0x7fffffff);
        }
    }
}
