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
/// Class-set targets (labels that merge classes: a cloud/clear mask's "cloud" is thin or thick)
/// count in the cross-entropy as -log of the probability summed over the set, and not in the
/// dice, whose per-class sums need one class per pixel.
/// </summary>
public sealed class SegmentationLoss
{
    private readonly CrossEntropyLoss? crossEntropy;
    private readonly float[] classWeights;

    public SegmentationLoss(LossKind kind, IReadOnlyList<float>? classWeights = null)
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), $"valid: {string.Join(", ", Enum.GetNames<LossKind>())}");
        Kind = kind;
        if (kind == LossKind.CrossEntropyDice) crossEntropy = new CrossEntropyLoss(classWeights, TrainingBatch.Ignore);
        this.classWeights = classWeights?.ToArray() ?? [1f, 1f, 1f, 1f];
    }

    public LossKind Kind { get; }

    public LossResult Compute(Tensor logits, ReadOnlySpan<int> targets)
    {
        var dice = MaskedDice(logits, targets);
        if (crossEntropy is null) return dice;
        // The engine's cross-entropy where every target is one class, so runs without class-set labels
        // compute exactly what they did before those existed.
        var ce = targets.ContainsAnyInRange(TrainingBatch.SetBase, int.MaxValue) ? SetCrossEntropy(logits, targets) : crossEntropy.Compute(logits, targets);
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
                if (t < 0 || TrainingBatch.IsSet(t)) continue;
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
                if (t < 0 || TrainingBatch.IsSet(t)) continue;
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

    /// <summary>
    /// Weighted cross-entropy where a target may be a set S of classes: L = sum_i w_i (-log sum_{c in S_i} p_ic) / sum_i w_i,
    /// w_i the smallest class weight in S_i (a merged label says less than a plain one). For one class it is the
    /// ordinary weighted cross-entropy. dL/dz_ik = w_i (p_ik - q_ik) / sum w, with q_ik = p_ik / sum_{c in S_i} p_ic on S_i, 0 elsewhere.
    /// </summary>
    private LossResult SetCrossEntropy(Tensor logits, ReadOnlySpan<int> targets)
    {
        var (n, c, plane) = SoftmaxKernel.Layout(logits);
        if (targets.Length != n * plane) throw new ArgumentException($"{targets.Length} targets for {n * plane} pixels", nameof(targets));
        var gradient = SoftmaxKernel.Forward(logits);
        var gs = gradient.Span;
        double loss = 0, weightSum = 0;
        for (var b = 0; b < n; b++)
            for (var k = 0; k < plane; k++)
            {
                var t = targets[b * plane + k];
                if (t < 0)
                {
                    for (var ch = 0; ch < c; ch++) gs[(b * c + ch) * plane + k] = 0;
                    continue;
                }
                float inSet = 0, w = float.MaxValue;
                for (var ch = 0; ch < c; ch++)
                    if (TrainingBatch.Allows(t, ch)) { inSet += gs[(b * c + ch) * plane + k]; w = Math.Min(w, classWeights[ch]); }
                if (w == float.MaxValue) throw new ArgumentOutOfRangeException(nameof(targets), $"target {t} names no class of {c}");
                loss -= w * Math.Log(Math.Max(inSet, 1e-30f));
                weightSum += w;
                var scale = 1 / Math.Max(inSet, 1e-30f);
                for (var ch = 0; ch < c; ch++)
                {
                    var i = (b * c + ch) * plane + k;
                    var p = gs[i];
                    gs[i] = w * (p - (TrainingBatch.Allows(t, ch) ? p * scale : 0));
                }
            }
        if (weightSum > 0) TensorMath.ScaleInPlace(gradient, (float)(1 / weightSum));
        return new LossResult(weightSum > 0 ? (float)(loss / weightSum) : 0f, gradient);
    }
}
