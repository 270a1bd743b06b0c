using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Kernels.Reference;

/// <summary>Plain-loop 2-D convolution (and, through the duality below, transposed convolution):
/// the definition written out, for tests to compare oneDNN against. Clarity over speed.</summary>
public static class ReferenceConvolution
{
    /// <summary>y[n,o,oy,ox] = b[o] + sum over the group's input channels and the kernel of
    /// x[n,c,oy*s-p+ky*d, ox*s-p+kx*d] * w[o,c',ky,kx].</summary>
    public static Tensor Forward(ConvGeometry g, Tensor x, Tensor w, Tensor? bias)
    {
        if (g.Transposed) return TransposedForward(g, x, w, bias);
        var y = new Tensor(g.OutputShape);
        var xs = x.Span; var ws = w.Span; var ys = y.Span;
        int icg = g.InChannels / g.Groups, ocg = g.OutChannels / g.Groups;
        for (var n = 0; n < g.Batch; n++)
        for (var o = 0; o < g.OutChannels; o++)
        {
            var group = o / ocg;
            for (var oy = 0; oy < g.OutHeight; oy++)
            for (var ox = 0; ox < g.OutWidth; ox++)
            {
                double sum = bias is null ? 0 : bias.Span[o];
                for (var c = 0; c < icg; c++)
                for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    int iy = oy * g.StrideH - g.PadH + ky * g.DilationH, ix = ox * g.StrideW - g.PadW + kx * g.DilationW;
                    if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                    sum += xs[Index(n, group * icg + c, iy, ix, g.InChannels, g.Height, g.Width)] * ws[Index(o, c, ky, kx, icg, g.KernelH, g.KernelW)];
                }
                ys[Index(n, o, oy, ox, g.OutChannels, g.OutHeight, g.OutWidth)] = (float)sum;
            }
        }
        return y;
    }

    /// <summary>dx: scatters every output gradient back through the same index map as Forward.</summary>
    public static Tensor BackwardData(ConvGeometry g, Tensor dy, Tensor w)
    {
        if (g.Transposed) return Forward(g.AsForwardConvolutionOfTransposed(), dy, w, null);
        var dx = new double[g.Batch * g.InChannels * g.Height * g.Width];
        var dys = dy.Span; var ws = w.Span;
        int icg = g.InChannels / g.Groups, ocg = g.OutChannels / g.Groups;
        for (var n = 0; n < g.Batch; n++)
        for (var o = 0; o < g.OutChannels; o++)
        {
            var group = o / ocg;
            for (var oy = 0; oy < g.OutHeight; oy++)
            for (var ox = 0; ox < g.OutWidth; ox++)
            {
                var grad = dys[Index(n, o, oy, ox, g.OutChannels, g.OutHeight, g.OutWidth)];
                for (var c = 0; c < icg; c++)
                for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    int iy = oy * g.StrideH - g.PadH + ky * g.DilationH, ix = ox * g.StrideW - g.PadW + kx * g.DilationW;
                    if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                    dx[Index(n, group * icg + c, iy, ix, g.InChannels, g.Height, g.Width)] += grad * ws[Index(o, c, ky, kx, icg, g.KernelH, g.KernelW)];
                }
            }
        }
        return ToTensor(dx, g.InputShape);
    }

    /// <summary>dw and db: for a convolution, dw[o,c,ky,kx] = sum of dy * the input it multiplied.</summary>
    public static (Tensor Weights, Tensor Bias) BackwardWeights(ConvGeometry g, Tensor x, Tensor dy)
    {
        if (g.Transposed)
        {
            // A transposed conv y = convT(x, w) is the backward-data pass of conv' (input y, output x).
            // Its weight gradient is conv'(input = dy, output gradient = x) weight gradient.
            var swapped = g.AsForwardConvolutionOfTransposed();
            var (dw, _) = BackwardWeights(swapped, dy, x);
            return (dw, SumPerChannel(dy));
        }
        var dws = new double[g.OutChannels * (g.InChannels / g.Groups) * g.KernelH * g.KernelW];
        var xs = x.Span; var dys = dy.Span;
        int icg = g.InChannels / g.Groups, ocg = g.OutChannels / g.Groups;
        for (var n = 0; n < g.Batch; n++)
        for (var o = 0; o < g.OutChannels; o++)
        {
            var group = o / ocg;
            for (var oy = 0; oy < g.OutHeight; oy++)
            for (var ox = 0; ox < g.OutWidth; ox++)
            {
                var grad = dys[Index(n, o, oy, ox, g.OutChannels, g.OutHeight, g.OutWidth)];
                for (var c = 0; c < icg; c++)
                for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    int iy = oy * g.StrideH - g.PadH + ky * g.DilationH, ix = ox * g.StrideW - g.PadW + kx * g.DilationW;
                    if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                    dws[Index(o, c, ky, kx, icg, g.KernelH, g.KernelW)] += grad * xs[Index(n, group * icg + c, iy, ix, g.InChannels, g.Height, g.Width)];
                }
            }
        }
        return (ToTensor(dws, g.WeightShape), SumPerChannel(dy));
    }

    private static Tensor TransposedForward(ConvGeometry g, Tensor x, Tensor w, Tensor? bias)
    {
        // Forward of a transposed conv = backward-data of the convolution it transposes.
        var y = BackwardData(g.AsForwardConvolutionOfTransposed(), x, w);
        if (bias is null) return y;
        var ys = y.Span;
        var plane = g.OutHeight * g.OutWidth;
        for (var n = 0; n < g.Batch; n++)
        for (var o = 0; o < g.OutChannels; o++)
            ys.Slice((n * g.OutChannels + o) * plane, plane).Add(bias.Span[o]);
        return y;
    }

    internal static Tensor SumPerChannel(Tensor t)
    {
        int n = t.Dim(0), c = t.Dim(1), plane = t.Dim(2) * t.Dim(3);
        var sums = new double[c];
        var s = t.Span;
        for (var i = 0; i < n; i++)
        for (var ch = 0; ch < c; ch++)
        for (var k = 0; k < plane; k++)
            sums[ch] += s[(i * c + ch) * plane + k];
        return ToTensor(sums, [c]);
    }

    private static int Index(int a, int b, int c, int d, int nb, int nc, int nd) => ((a * nb + b) * nc + c) * nd + d;

    private static Tensor ToTensor(double[] values, int[] shape)
    {
        var t = new Tensor(shape);
        var s = t.Span;
        for (var i = 0; i < values.Length; i++) s[i] = (float)values[i];
        return t;
    }

    private static void Add(this Span<float> span, float value)
    {
        for (var i = 0; i < span.Length; i++) span[i] += value;
    }
}
