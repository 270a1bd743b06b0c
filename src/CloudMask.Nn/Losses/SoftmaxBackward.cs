using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Losses;

/// <summary>Chain rule through a channel softmax: dx = p (dp - sum_c p dp).</summary>
internal static class SoftmaxBackward
{
    internal static Tensor Through(Tensor p, Tensor dp)
    {
        var (n, c, plane) = SoftmaxKernel.Layout(p);
        var dx = Tensor.ZerosLike(p);
        var ps = p.Span; var d = dp.Span; var o = dx.Span;
        for (var b = 0; b < n; b++)
        for (var k = 0; k < plane; k++)
        {
            var dot = 0f;
            for (var ch = 0; ch < c; ch++) { var i = (b * c + ch) * plane + k; dot += ps[i] * d[i]; }
            for (var ch = 0; ch < c; ch++) { var i = (b * c + ch) * plane + k; o[i] = ps[i] * (d[i] - dot); }
        }
        return dx;
    }
}
