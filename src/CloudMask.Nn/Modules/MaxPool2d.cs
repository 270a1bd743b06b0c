using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Max over k x k windows (stride defaults to k, padding counts as -infinity). Training
/// saves the index of each maximum; the gradient goes to that element only (first on ties).
/// Works on plain NCHW and, without conversion, on nChw16c blocked tensors (each plane then holds
/// vectors of 16 channels, and every channel lane is pooled on its own).</summary>
public sealed class MaxPool2d : Module
{
    private int[]? savedArgmax;
    private int[]? savedInputShape;
    private MemoryDesc? savedOutputLayout;

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

    internal override bool ConsumesBlockedTensors => true;

    public override Tensor Forward(Tensor input)
    {
        var lanes = ChannelBlocked16.Is(input) ? ChannelBlocked16.Block : 1;
        if (lanes == 1) input = input.ToPlain();
        var w = new PoolWindow(input, KernelSize, Stride, Padding);
        var output = lanes == 1 ? Tensor.Uninitialized(w.OutputShape) : ChannelBlocked16.Create(w.OutputShape);
        var argmax = IsTraining ? new int[output.Length] : null;
        var x = input; var y = output;
        int planes = w.Planes / lanes, inPlane = w.InPlane * lanes, outPlane = w.OutPlane * lanes;
        Parallel.For(0, planes, plane =>
        {
            var xs = x.RawSpan.Slice(plane * inPlane, inPlane);
            var ys = y.RawSpan.Slice(plane * outPlane, outPlane);
            for (var oy = 0; oy < w.OutH; oy++)
            for (var ox = 0; ox < w.OutW; ox++)
            for (var lane = 0; lane < lanes; lane++)
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
                        var index = (iy * w.InW + ix) * lanes + lane;
                        if (xs[index] > best || bestIndex < 0) { best = xs[index]; bestIndex = index; }
                    }
                }
                var o = (oy * w.OutW + ox) * lanes + lane;
                ys[o] = best;
                if (argmax is not null) argmax[plane * outPlane + o] = bestIndex;
            }
        });
        if (IsTraining)
        {
            savedArgmax = argmax;
            savedInputShape = input.Shape.ToArray();
            savedOutputLayout = output.BlockedLayout;
        }
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var argmax = Saved(savedArgmax, nameof(MaxPool2d));
        var blocked = savedOutputLayout is not null;
        gradOutput = gradOutput.ToLayout(savedOutputLayout);
        var gradInput = blocked ? ChannelBlocked16.Create(savedInputShape!, clear: true) : new Tensor(savedInputShape!);
        var lanes = blocked ? ChannelBlocked16.Block : 1;
        int inPlane = gradInput.Dim(2) * gradInput.Dim(3) * lanes, outPlane = gradOutput.Dim(2) * gradOutput.Dim(3) * lanes;
        var planes = gradInput.Dim(0) * gradInput.Dim(1) / lanes;
        var dx = gradInput; var dy = gradOutput;
        Parallel.For(0, planes, plane =>
        {
            var dxs = dx.RawSpan.Slice(plane * inPlane, inPlane);
            var dys = dy.RawSpan.Slice(plane * outPlane, outPlane);
            for (var i = 0; i < outPlane; i++) dxs[argmax[plane * outPlane + i]] += dys[i];
        });
        savedArgmax = null;
        return BlockedGradientAllowed || !blocked ? gradInput : gradInput.ToPlain();
    }
}
