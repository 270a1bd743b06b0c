namespace CloudMask.Masking.Cover;

/// <summary>
/// How well one method's cover estimates fit the true covers of a set of patches: mean absolute
/// error of the clipped mean, the share of true covers inside the central 50/80/90 % intervals,
/// the mean negative log-likelihood (Gaussian, per patch, cover in %), and for the reliability
/// diagram the observed share inside the interval of every level 5, 10, ..., 95 %.
/// </summary>
public sealed record CoverMetrics(string Method, string Data, int Count, double Mae, double Coverage50, double Coverage80, double Coverage90,
    double NegativeLogLikelihood, double MeanSd, IReadOnlyList<(double Level, double Observed)> Reliability)
{
    public static readonly double[] Levels = Enumerable.Range(1, 19).Select(i => i * 0.05).ToArray();

    public static CoverMetrics Compute(string method, string data, IReadOnlyList<CoverEstimate> estimates, IReadOnlyList<double> truth)
    {
        if (estimates.Count != truth.Count || truth.Count == 0) throw new ArgumentException("need one estimate per true cover, at least one");
        double Inside(double level) => estimates.Zip(truth, (e, t) =>
        {
            var (lo, hi) = e.Interval(level);
            return t >= lo && t <= hi ? 1.0 : 0.0;
        }).Average();
        return new CoverMetrics(method, data, truth.Count,
            estimates.Zip(truth, (e, t) => Math.Abs(e.ClampedPercent - t)).Average(),
            Inside(0.5), Inside(0.8), Inside(0.9),
            estimates.Zip(truth, (e, t) => e.NegativeLogLikelihood(t)).Average(),
            estimates.Average(e => e.SdPercent),
            Levels.Select(l => (l, Inside(l))).ToList());
    }

    /// <summary>One Markdown table row.</summary>
    public string ToMarkdownRow() => FormattableString.Invariant(
        $"| {Data} | {Method} | {Count} | {Mae:F2} | {Coverage50:P0} | {Coverage80:P0} | {Coverage90:P0} | {NegativeLogLikelihood:F2} | {MeanSd:F1} |");

    public const string MarkdownHeader = "| data | method | patches | MAE (% cover) | inside 50 % | inside 80 % | inside 90 % | NLL | mean sd (%) |\n|---|---|---|---|---|---|---|---|---|";
}
