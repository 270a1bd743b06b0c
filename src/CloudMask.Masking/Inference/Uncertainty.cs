namespace CloudMask.Masking.Inference;

/// <summary>
/// Per-pixel uncertainty of a prediction: the entropy of the (blended) class probabilities,
/// divided by its maximum ln(4) and scaled to 0..255. 0 = one class certain; 255 = all four
/// classes equally likely.
/// </summary>
public static class Uncertainty
{
    public const string Meaning = "predictive entropy of the class probabilities / ln(4), x 255: 0 certain, 255 all classes equally likely";

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
}
