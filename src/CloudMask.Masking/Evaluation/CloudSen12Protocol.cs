using CloudMask.Masking.Classes;

namespace CloudMask.Masking.Evaluation;

/// <summary>
/// The CloudSEN12 evaluation protocol: per chip, three binary problems (cloud = thick + thin vs
/// rest, shadow vs rest, clear vs rest); producer's accuracy PA = TP/(TP+FN), user's accuracy
/// UA = TP/(TP+FP), balanced overall accuracy BOA = (PA + TNR)/2; the score of a set of chips
/// is the median BOA over the chips where the problem is defined (both classes present in the label).
/// </summary>
public sealed class CloudSen12Protocol
{
    public enum Problem { Cloud, Shadow, Clear }

    private readonly Dictionary<Problem, List<BinaryScores>> _perChip = new()
    {
        [Problem.Cloud] = [], [Problem.Shadow] = [], [Problem.Clear] = [],
    };

    /// <summary>Scores one chip (project codes; labels 0 and 5 ignored).</summary>
    public void AddChip(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions)
    {
        if (labels.Length != predictions.Length) throw new ArgumentException("label and prediction differ in size");
        foreach (var problem in _perChip.Keys)
        {
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                var label = (MaskClass)labels[i];
                if (label is MaskClass.Missing or MaskClass.Undefined) continue;
                var truth = IsPositive(problem, label);
                var predicted = IsPositive(problem, (MaskClass)predictions[i]);
                if (truth && predicted) tp++;
                else if (!truth && predicted) fp++;
                else if (truth) fn++;
                else tn++;
            }
            _perChip[problem].Add(new BinaryScores(tp, fp, fn, tn));
        }
    }

    /// <summary>Per-chip scores of a problem, in the order chips were added.</summary>
    public IReadOnlyList<BinaryScores> Chips(Problem problem) => _perChip[problem];

    /// <summary>Median BOA over the chips where it is defined; NaN when none.</summary>
    public double MedianBalancedAccuracy(Problem problem) =>
        Median(_perChip[problem].Select(s => s.BalancedAccuracy).Where(v => !double.IsNaN(v)));

    public double MedianProducersAccuracy(Problem problem) =>
        Median(_perChip[problem].Select(s => s.ProducersAccuracy).Where(v => !double.IsNaN(v)));

    public double MedianUsersAccuracy(Problem problem) =>
        Median(_perChip[problem].Select(s => s.UsersAccuracy).Where(v => !double.IsNaN(v)));

    internal static bool IsPositive(Problem problem, MaskClass c) => problem switch
    {
        Problem.Cloud => c is MaskClass.Cloud or MaskClass.SemiTransparentCloud,
        Problem.Shadow => c is MaskClass.CloudShadow,
        Problem.Clear => c is MaskClass.Clear,
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>A binary problem's counts on one chip.</summary>
public sealed record BinaryScores(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public double ProducersAccuracy => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double UsersAccuracy => Ratio(TruePositives, TruePositives + FalsePositives);
    public double TrueNegativeRate => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>(PA + TNR) / 2; NaN unless the label has both positives and negatives.</summary>
    public double BalancedAccuracy => (ProducersAccuracy + TrueNegativeRate) / 2;

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : (double)a / b;
}
