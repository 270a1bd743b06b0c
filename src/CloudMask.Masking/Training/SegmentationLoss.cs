using CloudMask.Masking.Data;
using CloudMask.Nn.Losses;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Training;

/// <summary>The training losses a user can pick.</summary>
public enum LossKind
{
    /// <summary>KappaMask's soft dice: 1 - (2 sum(y p) + 1) / (sum(y^2) + sum(p^2) + 1).</summary>
    Dice,
    /// <summary>Class-weighted cross-entropy plus the soft dice: the cross-entropy keeps rare
    /// classes (shadow) from being drowned by the dice of the frequent ones.</summary>
    CrossEntropyDice,
}

/// <summary>
/// Loss on class logits (N, 4, H, W) against per-pixel targets, where targets
/// <see cref="TrainingBatch.Ignore"/> (labels 0 and 5) count nowhere: neither in the loss nor
/// in its gradient. The engine's SoftDiceLoss sums over all pixels, so the dice is computed
/// here over the valid pixels only.
/// </summary>
public sealed class SegmentationLoss
{
    private readonly CrossEntropyLoss? crossEntropy;

    public SegmentationLoss(LossKind kind, IReadOnlyList<float>? classWeights = null)
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), $"valid: {string.Join(", ", Enum.GetNames<LossKind>())}");
        Kind = kind;
        if (kind == LossKind.CrossEntropyDice) crossEntropy = new CrossEntropyLoss(classWeights, TrainingBatch.Ignore);
    }

    public LossKind Kind { get; }

    public LossResult Compute(Tensor logits, ReadOnlySpan<int> targets)
    {
        var dice = MaskedDice(logits, targets);
        if (crossEntropy is null) return dice;
        var ce = crossEntropy.Compute(logits, targets);
        TensorMath.AddInPlace(dice.Gradient, ce.Gradient);
        ce.Gradient.Dispose();
        return new LossResult(dice.Value + ce.Value, dice.Gradient);
    }

    /// <summary>KappaMask's soft dice over the valid pixels and all classes, with its gradient.</summary>
    public static LossResult MaskedDice(Tensor logits, ReadOnlySpan<int> targets)
    {
        var (n, c, plane) = SoftmaxKernel.Layout(logits);
        if (targets.Length != n * plane) throw new ArgumentException($"{targets.Length} targets for {n * plane} pixels", nameof(targets));
        var p = SoftmaxKernel.Forward(logits);
        var ps = p.Span;
        double intersection = 0, sumY2 = 0, sumP2 = 0;
        for (var b = 0; b < n; b++)
            for (var k = 0; k < plane; k++)
            {
                var t = targets[b * plane + k];
                if (t < 0) continue;
                sumY2 += 1;
                for (var ch = 0; ch < c; ch++)
                {
                    var v = ps[(b * c + ch) * plane + k];
                    sumP2 += v * v;
                    if (ch == t) intersection += v;
                }
            }
        double numerator = 2 * intersection + 1, denominator = sumY2 + sumP2 + 1;
        var gradient = new Tensor(logits.Shape.ToArray());
        var gs = gradient.Span;
        var d2 = denominator * denominator;
        Span<float> dp = stackalloc float[c];
        for (var b = 0; b < n; b++)
            for (var k = 0; k < plane; k++)
            {
                var t = targets[b * plane + k];
                if (t < 0) continue;
                // dL/dp_c = -(2 y_c D - 2 p_c N) / D^2, then through the softmax: dx = p (dp - sum p dp).
                float dot = 0;
                for (var ch = 0; ch < c; ch++)
                {
                    var pv = ps[(b * c + ch) * plane + k];
                    dp[ch] = (float)(-(2 * (ch == t ? 1 : 0) * denominator - 2 * pv * numerator) / d2);
                    dot += pv * dp[ch];
                }
                for (var ch = 0; ch < c; ch++)
                {
                    var i = (b * c + ch) * plane + k;
                    gs[i] = ps[i] * (dp[ch] - dot);
                }
            }
        p.Dispose();
        return new LossResult((float)(1 - numerator / denominator), gradient);
    }
}
