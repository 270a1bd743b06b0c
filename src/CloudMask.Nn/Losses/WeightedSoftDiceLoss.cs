using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Losses;

/// <summary>Soft dice per class, averaged with class weights:
/// L = sum_c w_c (1 - (2 sum(y_c p_c) + 1) / (sum(y_c^2) + sum(p_c^2) + 1)) / sum_c w_c,
/// with p = softmax(logits). A weight of 0 leaves a class out (e.g. "undefined").</summary>
public sealed class WeightedSoftDiceLoss
{
    private readonly float[] weights;

    public WeightedSoftDiceLoss(IReadOnlyList<float> classWeights)
    {
        ArgumentNullException.ThrowIfNull(classWeights);
        if (classWeights.Count == 0 || classWeights.Any(w => w < 0 || !float.IsFinite(w)) || classWeights.Sum() <= 0)
            throw new ArgumentException("Class weights must be finite, non-negative and not all zero.", nameof(classWeights));
        weights = classWeights.ToArray();
    }

    public LossResult Compute(Tensor logits, Tensor target)
    {
        TensorMath.RequireSameShape(logits, target);
        var (n, c, plane) = SoftmaxKernel.Layout(logits);
        if (c != weights.Length) throw new ArgumentException($"{weights.Length} class weights for {c} classes.", nameof(logits));
        using var p = SoftmaxKernel.Forward(logits);
        var ps = p.Span; var ys = target.Span;
        var numerator = new double[c];
        var denominator = new double[c];
        for (var b = 0; b < n; b++)
        for (var ch = 0; ch < c; ch++)
        for (var k = 0; k < plane; k++)
        {
            var i = (b * c + ch) * plane + k;
            numerator[ch] += 2.0 * ys[i] * ps[i];
            denominator[ch] += (double)ys[i] * ys[i] + (double)ps[i] * ps[i];
        }
        double weightSum = weights.Sum(), loss = 0;
        for (var ch = 0; ch < c; ch++)
        {
            numerator[ch] += 1; denominator[ch] += 1;
            loss += weights[ch] * (1 - numerator[ch] / denominator[ch]) / weightSum;
        }
        using var dp = Tensor.ZerosLike(p);
        var dps = dp.Span;
        for (var b = 0; b < n; b++)
        for (var ch = 0; ch < c; ch++)
        {
            double num = numerator[ch], den = denominator[ch], scale = weights[ch] / weightSum;
            for (var k = 0; k < plane; k++)
            {
                var i = (b * c + ch) * plane + k;
                dps[i] = (float)(-scale * (2 * ys[i] * den - 2 * ps[i] * num) / (den * den));
            }
        }
        return new LossResult((float)loss, SoftmaxBackward.Through(p, dp));
    }
}
