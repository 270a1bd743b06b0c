using MathNet.Numerics.Distributions;

namespace CloudMask.Masking.Cover;

/// <summary>
/// A cover estimate as a Gaussian predictive distribution in cover % (mean, standard deviation
/// including the observation noise). Intervals are central (mean ± z sd) and clipped to 0-100 %.
/// </summary>
public readonly record struct CoverEstimate(double MeanPercent, double SdPercent)
{
    /// <summary>The central interval holding <paramref name="level"/> (e.g. 0.9) of the predictive probability, clipped to 0-100 %.</summary>
    public (double Lower, double Upper) Interval(double level)
    {
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), "level must be between 0 and 1");
        var z = Normal.InvCDF(0, 1, 0.5 + level / 2);
        return (Math.Clamp(MeanPercent - z * SdPercent, 0, 100), Math.Clamp(MeanPercent + z * SdPercent, 0, 100));
    }

    /// <summary>
    /// The cover of a scene from the estimates of its blocks, weighted by their valid pixels: the weighted mean,
    /// and the weighted mean of the sds, i.e. the blocks' errors taken as fully correlated (the conservative
    /// choice: independent errors would shrink the sd with the number of blocks).
    /// </summary>
    public static CoverEstimate Combine(IReadOnlyList<(CoverEstimate Estimate, double Weight)> parts)
    {
        var total = parts.Sum(p => p.Weight);
        if (parts.Count == 0 || !(total > 0)) throw new ArgumentException("no part with a positive weight", nameof(parts));
        return new CoverEstimate(parts.Sum(p => p.Weight * p.Estimate.MeanPercent) / total, parts.Sum(p => p.Weight * p.Estimate.SdPercent) / total);
    }

    /// <summary>The mean clipped to 0-100 %.</summary>
    public double ClampedPercent => Math.Clamp(MeanPercent, 0, 100);

    /// <summary>Negative log density of a true cover under the (unclipped) Gaussian, in units of 1 %.</summary>
    public double NegativeLogLikelihood(double truePercent) =>
        0.5 * Math.Log(2 * Math.PI * SdPercent * SdPercent) + (truePercent - MeanPercent) * (truePercent - MeanPercent) / (2 * SdPercent * SdPercent);
}
