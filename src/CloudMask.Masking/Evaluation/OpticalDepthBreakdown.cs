using CloudMask.Masking.Classes;

namespace CloudMask.Masking.Evaluation;

/// <summary>
/// What a mask called the pixels of each range of cloud optical thickness, where the labels come
/// with the thickness they were cut from (simulated scenes: `simulate product|sample
/// --optical-depth` writes NAME.optical-depth.tif). Overall accuracy hides where a model puts
/// the thin-cloud threshold; this shows it: the share of faint cloud (thickness 0.3-0.5) called
/// clear, or of clear air with a trace of cloud (below 0.3) called thin.
/// </summary>
public sealed class OpticalDepthBreakdown
{
    /// <summary>Lower edges of the ranges; the last range is open above. The labels' own cuts
    /// (thin from 0.3, cloud from 8) are edges, so no range straddles a label change.</summary>
    public static IReadOnlyList<double> Edges { get; } = [0, 0.1, 0.3, 0.5, 1, 2, 4, 8, 16];

    // [range, predicted class 1..4 - 1]
    private readonly long[,] counts = new long[Edges.Count, MaskClasses.Predicted.Count];

    /// <summary>Adds one chip: its optical thickness per pixel and the prediction (project codes).
    /// Skipped: pixels labelled shadow (their thickness is that of the air above them, which says
    /// nothing of the shadow), missing or undefined, and thickness that is not a number.</summary>
    public void Add(ReadOnlySpan<float> opticalDepth, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions)
    {
        if (opticalDepth.Length != labels.Length || predictions.Length != labels.Length)
            throw new ArgumentException($"optical depth ({opticalDepth.Length} px), labels ({labels.Length}) and predictions ({predictions.Length}) differ in size");
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is < 1 or > 4 or (byte)MaskClass.CloudShadow || predictions[i] is < 1 or > 4 || !float.IsFinite(opticalDepth[i]) || opticalDepth[i] < 0) continue;
            counts[Range(opticalDepth[i]), predictions[i] - 1]++;
        }
    }

    /// <summary>Pixels counted in range <paramref name="range"/>.</summary>
    public long Pixels(int range) => Enumerable.Range(0, MaskClasses.Predicted.Count).Sum(c => counts[range, c]);

    /// <summary>Share of range <paramref name="range"/>'s pixels predicted as <paramref name="predicted"/> (NaN when empty).</summary>
    public double Share(int range, MaskClass predicted)
    {
        var total = Pixels(range);
        return total == 0 ? double.NaN : (double)counts[range, (int)predicted - 1] / total;
    }

    /// <summary>"0.3-0.5", or "16+" for the open last range.</summary>
    public static string RangeName(int range) =>
        range == Edges.Count - 1 ? $"{Edges[range]:0.##}+" : $"{Edges[range]:0.##}-{Edges[range + 1]:0.##}";

    public object ToData() => Enumerable.Range(0, Edges.Count).Where(r => Pixels(r) > 0).Select(r => new
    {
        optical_depth = RangeName(r),
        from = Edges[r],
        to = r == Edges.Count - 1 ? (double?)null : Edges[r + 1],
        pixels = Pixels(r),
        predicted_share = MaskClasses.Predicted.ToDictionary(MaskClasses.Name, c => Math.Round(Share(r, c), 6)),
    }).ToList();

    private static int Range(float depth)
    {
        var r = 0;
        while (r + 1 < Edges.Count && depth >= Edges[r + 1]) r++;
        return r;
    }
}
