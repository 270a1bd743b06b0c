using CloudMask.Masking.Classes;

namespace CloudMask.Masking.Evaluation;

/// <summary>
/// Pixel counts of (true class, predicted class) over the four predicted classes (clear, shadow,
/// semi-transparent, cloud). Pixels labelled 0 (missing) or 5 (undefined) are ignored; a
/// prediction outside 1..4 (a tool that marks a pixel missing where the label has a class)
/// counts in <see cref="UnpredictedPixels"/>, not in the matrix.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    public ConfusionMatrix(IReadOnlyList<MaskClass>? classes = null)
    {
        Classes = classes ?? MaskClasses.Predicted;
        _counts = new long[Classes.Count, Classes.Count];
    }

    /// <summary>Rows and columns, in order.</summary>
    public IReadOnlyList<MaskClass> Classes { get; }

    public long UnpredictedPixels { get; private set; }

    public long this[MaskClass truth, MaskClass predicted] => _counts[IndexOf(truth), IndexOf(predicted)];

    public long Total
    {
        get
        {
            long sum = 0;
            foreach (var c in _counts) sum += c;
            return sum;
        }
    }

    /// <summary>Adds a label and a prediction of the same pixels (project codes).</summary>
    public void Add(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions)
    {
        if (labels.Length != predictions.Length)
            throw new ArgumentException($"label has {labels.Length} pixels, prediction {predictions.Length}");
        Span<int> index = stackalloc int[256];
        index.Fill(-1);
        for (var i = 0; i < Classes.Count; i++) index[(byte)Classes[i]] = i;
        for (var p = 0; p < labels.Length; p++)
        {
            var t = index[labels[p]];
            if (t < 0) continue;
            var q = index[predictions[p]];
            if (q < 0) { UnpredictedPixels++; continue; }
            _counts[t, q]++;
        }
    }

    public void Add(ConfusionMatrix other)
    {
        if (!other.Classes.SequenceEqual(Classes)) throw new ArgumentException("matrices have different classes");
        for (var i = 0; i < Classes.Count; i++)
            for (var j = 0; j < Classes.Count; j++) _counts[i, j] += other._counts[i, j];
        UnpredictedPixels += other.UnpredictedPixels;
    }

    /// <summary>Metrics of one class against the rest; NaN where a ratio has no denominator.</summary>
    public ClassMetrics Metrics(MaskClass c)
    {
        var k = IndexOf(c);
        long tp = _counts[k, k], fp = 0, fn = 0;
        for (var i = 0; i < Classes.Count; i++)
        {
            if (i == k) continue;
            fp += _counts[i, k];
            fn += _counts[k, i];
        }
        var tn = Total - tp - fp - fn;
        return new ClassMetrics(c, tp, fp, fn, tn);
    }

    /// <summary>Share of counted pixels whose class was predicted right.</summary>
    public double OverallAccuracy
    {
        get
        {
            long right = 0;
            for (var i = 0; i < Classes.Count; i++) right += _counts[i, i];
            return Total == 0 ? double.NaN : (double)right / Total;
        }
    }

    /// <summary>Mean dice over the classes that occur in the labels or the predictions.</summary>
    public double MeanDice
    {
        get
        {
            var dice = Classes.Select(Metrics).Where(m => m.TruePositives + m.FalsePositives + m.FalseNegatives > 0).Select(m => m.Dice).ToList();
            return dice.Count == 0 ? double.NaN : dice.Average();
        }
    }

    /// <summary>The matrix as counts, rows = truth.</summary>
    public long[,] Counts => (long[,])_counts.Clone();

    /// <summary>Rows normalised to sum 1 (recall on the diagonal); a row without pixels stays 0.</summary>
    public double[,] RowNormalised()
    {
        var n = Classes.Count;
        var result = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            long row = 0;
            for (var j = 0; j < n; j++) row += _counts[i, j];
            for (var j = 0; j < n; j++) result[i, j] = row == 0 ? 0 : (double)_counts[i, j] / row;
        }
        return result;
    }

    private int IndexOf(MaskClass c)
    {
        for (var i = 0; i < Classes.Count; i++) if (Classes[i] == c) return i;
        throw new ArgumentOutOfRangeException(nameof(c), c, "class not in this matrix");
    }
}

/// <summary>One class against the rest.</summary>
public sealed record ClassMetrics(MaskClass Class, long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double Dice => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);
    public double Iou => Ratio(TruePositives, TruePositives + FalsePositives + FalseNegatives);
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : (double)a / b;
}
