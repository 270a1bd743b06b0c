using System.Text.Json;
using System.Text.Json.Serialization;
using CloudMask.Masking.Classes;

namespace CloudMask.Masking.Evaluation;

/// <summary>Everything `evaluate` measured for one set of predictions against labels.</summary>
public sealed class EvaluationReport
{
    private readonly List<ChipResult> _chips = [];

    public EvaluationReport(string name, LabelClassSet labelClasses = LabelClassSet.Four)
    {
        LabelClasses = labelClasses;
        var suffix = LabelClassSets.Suffix(labelClasses);
        Name = suffix.Length == 0 ? name : $"{name} {suffix}";
    }

    /// <summary>What was evaluated (model id or mask folder).</summary>
    public string Name { get; }

    /// <summary>The classes the labels tell apart; labels and predictions are merged to them before scoring.</summary>
    public LabelClassSet LabelClasses { get; }

    public ConfusionMatrix Total { get; } = new();
    public CloudSen12Protocol CloudSen12 { get; } = new();
    public IReadOnlyList<ChipResult> Chips => _chips;

    /// <summary>Predictions by cloud optical thickness, when chips came with it (else null).</summary>
    public OpticalDepthBreakdown? OpticalDepth { get; private set; }

    /// <summary>Adds one chip's label and prediction (both in project codes), and the cloud optical
    /// thickness per pixel when the labels were cut from one (<see cref="OpticalDepthBreakdown"/>).</summary>
    public void Add(string chip, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions, float[]? opticalDepth = null)
    {
        if (LabelClasses != LabelClassSet.Four)
        {
            var mergedLabels = labels.ToArray();
            var mergedPredictions = predictions.ToArray();
            LabelClassSets.MergeInPlace(mergedLabels, LabelClasses);
            LabelClassSets.MergeInPlace(mergedPredictions, LabelClasses);
            labels = mergedLabels;
            predictions = mergedPredictions;
        }
        var matrix = new ConfusionMatrix();
        matrix.Add(labels, predictions);
        Total.Add(matrix);
        CloudSen12.AddChip(labels, predictions);
        if (opticalDepth is not null) (OpticalDepth ??= new OpticalDepthBreakdown()).Add(opticalDepth, labels, predictions);
        _chips.Add(new ChipResult(chip, matrix.Total, matrix.OverallAccuracy, matrix.MeanDice));
    }

    /// <summary>The numbers as a plain object for JSON.</summary>
    public object ToData() => new
    {
        name = Name,
        label_classes = LabelClassSets.ClassCount(LabelClasses),
        merged = LabelClassSets.Merging(LabelClasses),
        chips = _chips.Count,
        pixels = Total.Total,
        unpredicted_pixels = Total.UnpredictedPixels,
        overall_accuracy = Clean(Total.OverallAccuracy),
        mean_dice = Clean(Total.MeanDice),
        classes = Total.Classes.ToDictionary(MaskClasses.Name, c =>
        {
            var m = Total.Metrics(c);
            return new { dice = Clean(m.Dice), precision = Clean(m.Precision), recall = Clean(m.Recall), iou = Clean(m.Iou), true_pixels = m.TruePositives + m.FalseNegatives };
        }),
        cloudy_f1 = Clean(CloudyF1()),
        confusion = new
        {
            classes = Total.Classes.Select(MaskClasses.Name),
            rows_are = "truth",
            counts = ToJagged(Total.Counts),
            normalised = ToJagged(Total.RowNormalised()).Select(r => r.Select(v => Math.Round(v, 5))),
        },
        cloudsen12 = Enum.GetValues<CloudSen12Protocol.Problem>().ToDictionary(p => p.ToString().ToLowerInvariant(), p => new
        {
            median_balanced_accuracy = Clean(CloudSen12.MedianBalancedAccuracy(p)),
            median_producers_accuracy = Clean(CloudSen12.MedianProducersAccuracy(p)),
            median_users_accuracy = Clean(CloudSen12.MedianUsersAccuracy(p)),
        }),
        optical_depth = OpticalDepth?.ToData(),
        per_chip = _chips.Select(c => new { chip = c.Chip, pixels = c.Pixels, overall_accuracy = Clean(c.OverallAccuracy), mean_dice = Clean(c.MeanDice) }),
    };

    /// <summary>F1 of "cloudy" (thin + thick) against everything else.</summary>
    public double CloudyF1()
    {
        long tp = 0, fp = 0, fn = 0;
        foreach (var t in Total.Classes)
            foreach (var p in Total.Classes)
            {
                bool truth = IsCloudy(t), predicted = IsCloudy(p);
                var n = Total[t, p];
                if (truth && predicted) tp += n;
                else if (predicted) fp += n;
                else if (truth) fn += n;
            }
        return tp + fp + fn == 0 ? double.NaN : 2.0 * tp / (2 * tp + fp + fn);
    }

    public static string ToJson(IEnumerable<EvaluationReport> reports) =>
        JsonSerializer.Serialize(reports.Select(r => r.ToData()), new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never });

    private static bool IsCloudy(MaskClass c) => c is MaskClass.Cloud or MaskClass.SemiTransparentCloud;

    private static double? Clean(double v) => double.IsNaN(v) ? null : Math.Round(v, 6);

    private static T[][] ToJagged<T>(T[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();
}

/// <summary>One chip's headline numbers.</summary>
public sealed record ChipResult(string Chip, long Pixels, double OverallAccuracy, double MeanDice);
