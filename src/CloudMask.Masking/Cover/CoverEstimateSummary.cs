namespace CloudMask.Masking.Cover;

/// <summary>
/// The "cover_estimate" object of STEM.mask.json: the deep-kernel-learning cover estimate of the
/// whole input with its central 50 % and 90 % intervals (Gaussian predictive, clipped to 0-100 %),
/// next to the cover and shadow of the pixel mask, all in % of valid pixels.
/// </summary>
public sealed record CoverEstimateSummary(string Model, double EstimatePercent, double SdPercent, double[] Interval50Percent, double[] Interval90Percent,
    double MaskCoverPercent, double MaskShadowPercent, string Meaning)
{
    public const string IntervalMeaning = "central intervals of the estimator's Gaussian predictive distribution (GP mean and sd incl. noise), clipped to 0-100 %; "
        + "on held-out simulated patches the 90 % interval holds about 9 in 10 true covers";

    public static CoverEstimateSummary From(string model, CoverEstimate estimate, double maskCover, double maskShadow)
    {
        var (lo50, hi50) = estimate.Interval(0.5);
        var (lo90, hi90) = estimate.Interval(0.9);
        static double R(double v) => double.IsFinite(v) ? Math.Round(v, 2) : 0;
        return new CoverEstimateSummary(model, R(estimate.ClampedPercent), R(estimate.SdPercent), [R(lo50), R(hi50)], [R(lo90), R(hi90)],
            R(maskCover), R(maskShadow), IntervalMeaning);
    }
}
