using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Max over k x k windows (stride defaults to k, padding counts as -infinity). Training
/// saves the index of each maximum; the gradient goes to that element only (first on ties).</summary>
public sealed class MaxPool2d : Module
{
    private int[]? savedArgmax;
    private int[]? savedInputShape;

    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
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
        var argmax = IsTraining ? new int[output.Length] : null;
        var x = input; var y = output;
        Parallel.For(0, w.Planes, plane =>
        {
            var xs = x.Span.Slice(plane * w.InPlane, w.InPlane);
            var ys = y.Span.Slice(plane * w.OutPlane, w.OutPlane);
            for (var oy = 0; oy < w.OutH; oy++)
            for (var ox = 0; ox < w.OutW; ox++)
            {
                var best = float.NegativeInfinity;
                var bestIndex = -1;
                for (var ky = 0; ky < KernelSize; ky++)
                {
                    var iy = oy * Stride - Padding + ky;
                    if (iy < 0 || iy >= w.InH) continue;
                    for (var kx = 0; kx < KernelSize; kx++)
                    {
                        var ix = ox * Stride - Padding + kx;
                        if (ix < 0 || ix >= w.InW) continue;
                        var v = xs[iy * w.InW + ix];
                        if (v > best || bestIndex < 0) { best = v; bestIndex = iy * w.InW + ix; }
                    }
                }
                ys[oy * w.OutW + ox] = best;
                if (argmax is not null) argmax[plane * w.OutPlane + oy * w.OutW + ox] = bestIndex;
            }
        });
        if (IsTraining) { savedArgmax = argmax; savedInputShape = input.Shape.ToArray(); }
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        var argmax = Saved(savedArgmax, nameof(MaxPool2d));
        var gradInput = new Tensor(savedInputShape!);
        int inPlane = gradInput.Dim(2) * gradInput.Dim(3), outPlane = gradOutput.Dim(2) * gradOutput.Dim(3);
        var planes = gradInput.Dim(0) * gradInput.Dim(1);
        var dx = gradInput; var dy = gradOutput;
        Parallel.For(0, planes, plane =>
        {
            var dxs = dx.Span.Slice(plane * inPlane, inPlane);
            var dys = dy.Span.Slice(plane * outPlane, outPlane);
            for (var i = 0; i < outPlane; i++) dxs[argmax[plane * outPlane + i]] += dys[i];
        });
        savedArgmax = null;
        return gradInput;
    }
}
