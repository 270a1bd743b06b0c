using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Mean over k x k windows (stride defaults to k). Padded positions count in the divisor
/// (PyTorch's count_include_pad=True), so every window divides by k*k.</summary>
public sealed class AvgPool2d : Module
{
    private int[]? savedInputShape;

    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        if (kernelSize <= 0) throw new ArgumentOutOfRangeException(nameof(kernelSize));
        if (stride is <= 0) throw new ArgumentOutOfRangeException(nameof(stride));
        if (padding < 0 || padding * 2 > kernelSize) throw new ArgumentOutOfRangeException(nameof(padding), "Padding must be at most half the kernel.");
        KernelSize = kernelSize; Stride = stride ?? kernelSize; Padding = padding;
    }

    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        var w = new PoolWindow(input, KernelSize, Stride, Padding);
        var output = Tensor.Uninitialized(w.OutputShape);
        var scale = 1f / (KernelSize * KernelSize);
        var x = input; var y = output;
        Parallel.For(0, w.Planes, plane =>
        {
            var xs = x.Span.Slice(plane * w.InPlane, w.InPlane);
            var ys = y.Span.Slice(plane * w.OutPlane, w.OutPlane);
            for (var oy = 0; oy < w.OutH; oy++)
            for (var ox = 0; ox < w.OutW; ox++)
            {
                var sum = 0f;
                var (y0, y1, x0, x1) = Window(w, oy, ox);
                for (var iy = y0; iy < y1; iy++)
                for (var ix = x0; ix < x1; ix++)
                    sum += xs[iy * w.InW + ix];
                ys[oy * w.OutW + ox] = sum * scale;
            }
        });
        if (IsTraining) savedInputShape = input.Shape.ToArray();
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        var shape = Saved(savedInputShape, nameof(AvgPool2d));
        var gradInput = new Tensor(shape);
        var w = new PoolWindow(gradInput, KernelSize, Stride, Padding);
        var scale = 1f / (KernelSize * KernelSize);
        var dx = gradInput; var dy = gradOutput;
        Parallel.For(0, w.Planes, plane =>
        {
            var dxs = dx.Span.Slice(plane * w.InPlane, w.InPlane);
            var dys = dy.Span.Slice(plane * w.OutPlane, w.OutPlane);
            for (var oy = 0; oy < w.OutH; oy++)
            for (var ox = 0; ox < w.OutW; ox++)
            {
                var g = dys[oy * w.OutW + ox] * scale;
                var (y0, y1, x0, x1) = Window(w, oy, ox);
                for (var iy = y0; iy < y1; iy++)
                for (var ix = x0; ix < x1; ix++)
                    dxs[iy * w.InW + ix] += g;
            }
        });
        savedInputShape = null;
        return gradInput;
    }

    /// <summary>The input rows [y0, y1) and columns [x0, x1) of one window, clipped to the image.</summary>
    private (int Y0, int Y1, int X0, int X1) Window(in PoolWindow w, int oy, int ox)
    {
        int y0 = oy * Stride - Padding, x0 = ox * Stride - Padding;
        return (Math.Max(0, y0), Math.Min(w.InH, y0 + KernelSize), Math.Max(0, x0), Math.Min(w.InW, x0 + KernelSize));
    }
}
