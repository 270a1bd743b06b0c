using CloudMask.Masking.Models;

namespace CloudMask.Masking.Inference;

/// <summary>How the per-pixel uncertainty band is computed.</summary>
public enum UncertaintyMethod
{
    /// <summary>Predictive entropy of one pass's (blended) class probabilities: cheap, the default.</summary>
    Entropy,
    /// <summary>Test-time augmentation: the model runs on the tile and its three flips; the band holds
    /// the mutual information between the passes' predictions (disagreement, i.e. model uncertainty).</summary>
    Flips,
}

/// <summary>
/// Per-pixel uncertainty of a prediction, scaled to 0..255 for a uint8 band. Entropy: the
/// entropy of the class probabilities divided by its maximum ln(4); 0 = one class certain,
/// 255 = all four classes equally likely. Mutual information (ensembles of passes): entropy of
/// the mean probabilities minus the mean entropy of each pass, divided by ln(4), square-rooted;
/// 0 = every pass says the same, high = the passes disagree.
/// </summary>
public static class Uncertainty
{
    public const string Meaning = "predictive entropy of the class probabilities / ln(4), x 255: 0 certain, 255 all classes equally likely";

    public const string MutualInformationMeaning =
        "mutual information between test-time-augmentation passes (identity, horizontal, vertical and both flips): "
        + "entropy of the mean probabilities minus the mean entropy of each pass (MI, nats); band = 255 x sqrt(MI / ln 4): 0 all passes agree, 128 = MI of ln(4)/4, 255 = MI of ln 4";

    private static readonly double MaxEntropy = Math.Log(4);

    /// <summary>The method a model's uncertainty band is computed with: ensembles give mutual information.</summary>
    public static UncertaintyMethod MethodOf(ISegmentationModel model) => model is IEnsembleModel ? UncertaintyMethod.Flips : UncertaintyMethod.Entropy;

    /// <summary>Short name and sentence for the band's metadata.</summary>
    public static (string Method, string Meaning) Describe(UncertaintyMethod method) => method switch
    {
        UncertaintyMethod.Flips => ("mutual information of flip passes", MutualInformationMeaning),
        _ => ("predictive entropy", Meaning),
    };

    /// <summary>Parses a command-line name: entropy or flips.</summary>
    public static UncertaintyMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "entropy" => UncertaintyMethod.Entropy,
        "flips" or "tta" => UncertaintyMethod.Flips,
        "dropout" => throw new ArgumentException("--uncertainty-method dropout: cloudmask-any has no dropout layers to sample (Monte-Carlo dropout would need a network trained with dropout); use flips"),
        _ => throw new ArgumentException($"unknown uncertainty method '{name}'; valid: entropy, flips"),
    };

    public static byte ScaledEntropy(ReadOnlySpan<float> probabilities)
    {
        double total = 0, entropy = 0;
        foreach (var p in probabilities) total += Math.Max(p, 0);
        if (total <= 0) return 255;
        foreach (var raw in probabilities)
        {
            var p = Math.Max(raw, 0) / total;
            if (p > 0) entropy -= p * Math.Log(p);
        }
        return (byte)Math.Clamp(Math.Round(255 * entropy / Math.Log(probabilities.Length)), 0, 255);
    }

    /// <summary>Entropy in nats of probabilities (normalised here; all-zero gives the maximum).</summary>
    public static double Entropy(ReadOnlySpan<float> probabilities)
    {
        double total = 0, entropy = 0;
        foreach (var p in probabilities) total += Math.Max(p, 0);
        if (total <= 0) return Math.Log(probabilities.Length);
        foreach (var raw in probabilities)
        {
            var p = Math.Max(raw, 0) / total;
            if (p > 0) entropy -= p * Math.Log(p);
        }
        return entropy;
    }

    /// <summary>
    /// Mutual information between passes, scaled like the entropy: H(mean p) - mean over passes of H(p_k).
    /// <paramref name="meanPassEntropy"/> is the second term in nats. Never negative (rounding aside).
    /// </summary>
    public static byte ScaledMutualInformation(ReadOnlySpan<float> meanProbabilities, double meanPassEntropy)
    {
        var information = Math.Max(0, Entropy(meanProbabilities) - meanPassEntropy);
        // Passes mostly agree, so MI is small: the square root spreads the small values over more
        // of the 256 codes (a linear scale put 60 % of dev-chip pixels on code 0). Monotone, so rankings are unchanged.
        return (byte)Math.Clamp(Math.Round(255 * Math.Sqrt(information / MaxEntropy)), 0, 255);
    }
}
