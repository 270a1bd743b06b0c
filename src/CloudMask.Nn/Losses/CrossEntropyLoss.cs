using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Losses;

/// <summary>Softmax cross-entropy on integer labels, as torch.nn.CrossEntropyLoss with weight and
/// ignore_index and mean reduction: L = sum_i w[y_i] (-log p_i[y_i]) / sum_i w[y_i] over pixels
/// whose label is not <see cref="IgnoreLabel"/>. All pixels ignored gives 0 and a zero gradient.</summary>
public sealed class CrossEntropyLoss
{
    private readonly float[]? weights;

    public CrossEntropyLoss(IReadOnlyList<float>? classWeights = null, int? ignoreLabel = null)
    {
        if (classWeights is not null && (classWeights.Count == 0 || classWeights.Any(w => w < 0 || !float.IsFinite(w))))
            throw new ArgumentException("Class weights must be finite and non-negative.", nameof(classWeights));
        weights = classWeights?.ToArray();
        IgnoreLabel = ignoreLabel;
    }

    public int? IgnoreLabel { get; }

    /// <param name="logits">(N, C) or (N, C, H, W).</param>
    /// <param name="labels">One class index per sample/pixel, in N, H, W order.</param>
    public LossResult Compute(Tensor logits, ReadOnlySpan<int> labels)
    {
        var (n, c, plane) = SoftmaxKernel.Layout(logits);
        if (labels.Length != n * plane) throw new ArgumentException($"{labels.Length} labels for {n * plane} positions.", nameof(labels));
        if (weights is not null && weights.Length != c) throw new ArgumentException($"{weights.Length} class weights for {c} classes.", nameof(logits));
        var gradient = SoftmaxKernel.Forward(logits);
        var gs = gradient.Span;
        double loss = 0, weightSum = 0;
        for (var b = 0; b < n; b++)
        for (var k = 0; k < plane; k++)
        {
            var label = labels[b * plane + k];
            if (label == IgnoreLabel)
            {
                for (var ch = 0; ch < c; ch++) gs[(b * c + ch) * plane + k] = 0;
                continue;
            }
            if ((uint)label >= (uint)c) throw new ArgumentOutOfRangeException(nameof(labels), $"Label {label} is not a class of {c} (nor the ignore label).");
            var w = weights?[label] ?? 1f;
            var i = (b * c + label) * plane + k;
            loss -= w * Math.Log(Math.Max(gs[i], 1e-30f));
            weightSum += w;
            // dL/dlogit = w (p - onehot), normalised below; scaled here by w.
            for (var ch = 0; ch < c; ch++) gs[(b * c + ch) * plane + k] *= w;
            gs[i] -= w;
        }
        if (weightSum > 0) TensorMath.ScaleInPlace(gradient, (float)(1 / weightSum));
        return new LossResult(weightSum > 0 ? (float)(loss / weightSum) : 0f, gradient);
    }
}
