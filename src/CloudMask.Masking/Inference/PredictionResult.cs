using CloudMask.Masking.Classes;

namespace CloudMask.Masking.Inference;

/// <summary>The mask of a whole scene, and optionally its class probabilities (x255, one plane per predicted class).</summary>
public sealed class PredictionResult
{
    internal PredictionResult(int width, int height, byte[] mask, byte[][]? probabilities, byte[]? uncertainty,
        IReadOnlyDictionary<string, double> timings)
    {
        (Width, Height, Mask, Probabilities, Uncertainty, Timings) = (width, height, mask, probabilities, uncertainty, timings);
        Counts = new long[MaskClasses.All.Count];
        foreach (var code in mask) Counts[code]++;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major class codes (0 where the input has no data).</summary>
    public byte[] Mask { get; }

    /// <summary>Per predicted class (clear, shadow, thin, cloud) a plane of probability x 255, or null.</summary>
    public byte[][]? Probabilities { get; }

    /// <summary>Per-pixel predictive entropy scaled to 0..255 (<see cref="Inference.Uncertainty"/>), or null.</summary>
    public byte[]? Uncertainty { get; }

    /// <summary>Seconds spent per stage: "read" (decoding, on a background thread), "read_wait" (inference waiting for it), "model", "blend".</summary>
    public IReadOnlyDictionary<string, double> Timings { get; }

    /// <summary>Pixels per class code.</summary>
    public long[] Counts { get; }

    public long ValidPixels => Mask.LongLength - Counts[(int)MaskClass.Missing];

    /// <summary>Percentage of valid pixels in a class (NaN when no pixel is valid).</summary>
    public double PercentOfValid(MaskClass c) => ValidPixels == 0 ? double.NaN : 100.0 * Counts[(int)c] / ValidPixels;

    /// <summary>Cloud cover: thin and thick cloud as a percentage of valid pixels (shadow not included).</summary>
    public double CloudCoverPercent => ValidPixels == 0 ? double.NaN
        : 100.0 * (Counts[(int)MaskClass.Cloud] + Counts[(int)MaskClass.SemiTransparentCloud]) / ValidPixels;

    public double ValidPercent => Mask.Length == 0 ? 0 : 100.0 * ValidPixels / Mask.Length;

    /// <summary>What <see cref="ClearLoneShadows"/> did; null when the check was not run.</summary>
    public ShadowCheck? ShadowCheck { get; private set; }

    /// <summary>
    /// Applies <see cref="LoneShadowFilter"/> to the mask (not to the probabilities, which stay
    /// the network's own) and updates the counts.
    /// </summary>
    public void ClearLoneShadows(int reachPixels, double? sunAzimuthDeg = null)
    {
        var changed = LoneShadowFilter.Apply(Mask, Width, Height, reachPixels, sunAzimuthDeg);
        Counts[(int)MaskClass.CloudShadow] -= changed;
        Counts[(int)MaskClass.Clear] += changed;
        ShadowCheck = new ShadowCheck(reachPixels, (ShadowCheck?.ShadowPixelsCleared ?? 0) + changed);
    }
}

/// <summary>The lone-shadow check's reach in pixels and the shadow pixels it set to clear.</summary>
public sealed record ShadowCheck(int ReachPixels, long ShadowPixelsCleared);
