using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Losses;

/// <summary>KappaMask's soft dice over everything (all pixels and classes of the batch):
/// L = 1 - (2 sum(y p) + 1) / (sum(y^2) + sum(p^2) + 1), with p = softmax(logits) over channels
/// and y the target probabilities (one-hot). The +1 terms keep empty targets finite.</summary>
public static class SoftDiceLoss
{
    /// <param name="logits">(N, C, H, W) scores before softmax.</param>
    /// <param name="target">(N, C, H, W) target probabilities, usually from <see cref="Targets.OneHot"/>.</param>
    public static LossResult Compute(Tensor logits, Tensor target)
    {
        TensorMath.RequireSameShape(logits, target);
        using var p = SoftmaxKernel.Forward(logits);
        var ps = p.Span; var ys = target.Span;
        double intersection = 0, sumY2 = 0, sumP2 = 0;
        for (var i = 0; i < ps.Length; i++) { intersection += (double)ys[i] * ps[i]; sumY2 += (double)ys[i] * ys[i]; sumP2 += (double)ps[i] * ps[i]; }
        double numerator = 2 * intersection + 1, denominator = sumY2 + sumP2 + 1;
        var loss = 1 - numerator / denominator;

        // dL/dp_i = -(2 y_i D - 2 p_i N) / D^2, then through the softmax.
        using var dp = Tensor.ZerosLike(p);
        var dps = dp.Span;
        for (var i = 0; i < ps.Length; i++) dps[i] = (float)(-(2 * ys[i] * denominator - 2 * ps[i] * numerator) / (denominator * denominator));
        return new LossResult((float)loss, SoftmaxBackward.Through(p, dp));
    }
}
