using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

public enum UpsampleMode
{
    Nearest,
    /// <summary>Bilinear with align_corners=False (PyTorch's default).</summary>
    Bilinear,
}

/// <summary>Enlarges H and W by an integer factor. Both modes are linear maps, so the backward
/// pass scatters each output gradient back with the same weights the forward pass gathered with.</summary>
public sealed class Upsample : Module
{
    private int[]? savedInputShape;
    private bool savedBlocked;

    public Upsample(int scaleFactor = 2, UpsampleMode mode = UpsampleMode.Nearest)
    {
        if (scaleFactor <= 0) throw new ArgumentOutOfRangeException(nameof(scaleFactor));
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), $"Valid modes: {string.Join(", ", Enum.GetNames<UpsampleMode>())}.");
        ScaleFactor = scaleFactor; Mode = mode;
    }

    public int ScaleFactor { get; }
    public UpsampleMode Mode { get; }

    internal override bool ConsumesBlockedTensors => Mode == UpsampleMode.Nearest;

    public override Tensor Forward(Tensor input)
    {
        if (Mode == UpsampleMode.Nearest && ChannelBlocked16.Is(input)) return ForwardBlocked(input);
        input = input.ToPlain();
        if (input.Rank != 4) throw new ArgumentException($"Upsample expects (N, C, H, W), got {input}.", nameof(input));
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3);
        var output = Tensor.Uninitialized(n, c, h * ScaleFactor, w * ScaleFactor);
        var x = input; var y = output;
        Parallel.For(0, n * c, plane =>
        {
            var xs = x.Span.Slice(plane * h * w, h * w);
            var ys = y.Span.Slice(plane * h * w * ScaleFactor * ScaleFactor, h * w * ScaleFactor * ScaleFactor);
            Resample(xs, ys, h, w, transpose: false);
        });
        if (IsTraining) { savedInputShape = input.Shape.ToArray(); savedBlocked = false; }
        return output;
    }

    /// <summary>Nearest upsampling of an nChw16c tensor: each output pixel copies a 16-channel vector.</summary>
    private Tensor ForwardBlocked(Tensor input)
    {
        const int lanes = ChannelBlocked16.Block;
        int n = input.Dim(0), c = input.Dim(1), h = input.Dim(2), w = input.Dim(3), s = ScaleFactor;
        var output = ChannelBlocked16.Create([n, c, h * s, w * s]);
        int inPlane = h * w * lanes, outPlane = inPlane * s * s;
        Parallel.For(0, n * c / lanes, plane =>
        {
            var small = input.RawSpan.Slice(plane * inPlane, inPlane);
            var large = output.RawSpan.Slice(plane * outPlane, outPlane);
            for (var oy = 0; oy < h * s; oy++)
            for (var ox = 0; ox < w * s; ox++)
                small.Slice(((oy / s) * w + ox / s) * lanes, lanes).CopyTo(large.Slice((oy * w * s + ox) * lanes, lanes));
        });
        if (IsTraining) { savedInputShape = input.Shape.ToArray(); savedBlocked = true; }
        return output;
    }

    /// <summary>Sums each block of s x s output gradients into the input pixel they copied.</summary>
    private Tensor BackwardBlocked(Tensor gradOutput, int[] shape)
    {
        const int lanes = ChannelBlocked16.Block;
        int n = shape[0], c = shape[1], h = shape[2], w = shape[3], s = ScaleFactor;
        gradOutput = gradOutput.ToLayout(ChannelBlocked16.Layout([n, c, h * s, w * s]));
        var gradInput = ChannelBlocked16.Create(shape, clear: true);
        int inPlane = h * w * lanes, outPlane = inPlane * s * s;
        var dy = gradOutput;
        Parallel.For(0, n * c / lanes, plane =>
        {
            var small = gradInput.RawSpan.Slice(plane * inPlane, inPlane);
            var large = dy.RawSpan.Slice(plane * outPlane, outPlane);
            for (var oy = 0; oy < h * s; oy++)
            for (var ox = 0; ox < w * s; ox++)
            {
                var target = small.Slice(((oy / s) * w + ox / s) * lanes, lanes);
                System.Numerics.Tensors.TensorPrimitives.Add(target, large.Slice((oy * w * s + ox) * lanes, lanes), target);
            }
        });
        savedInputShape = null;
        return BlockedGradientAllowed ? gradInput : gradInput.ToPlain();
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var shape = Saved(savedInputShape, nameof(Upsample));
        if (savedBlocked) return BackwardBlocked(gradOutput, shape);
        gradOutput = gradOutput.ToPlain();
        var gradInput = new Tensor(shape);
        int h = shape[2], w = shape[3];
        var dx = gradInput; var dy = gradOutput;
        Parallel.For(0, shape[0] * shape[1], plane =>
        {
            var dxs = dx.Span.Slice(plane * h * w, h * w);
            var dys = dy.Span.Slice(plane * h * w * ScaleFactor * ScaleFactor, h * w * ScaleFactor * ScaleFactor);
            Resample(dxs, dys, h, w, transpose: true);
        });
        savedInputShape = null;
        return gradInput;
    }

    /// <summary>Forward: small[...] gathered into large. Transpose: large scattered back into small.</summary>
    private void Resample(Span<float> small, Span<float> large, int h, int w, bool transpose)
    {
        int outH = h * ScaleFactor, outW = w * ScaleFactor;
        if (Mode == UpsampleMode.Nearest && !transpose)
        {
            // Hot path of U-Net decoders: a plain copy per output pixel.
            for (var oy = 0; oy < outH; oy++)
            {
                var row = small.Slice(oy / ScaleFactor * w, w);
                var target = large.Slice(oy * outW, outW);
                for (var ox = 0; ox < outW; ox++) target[ox] = row[ox / ScaleFactor];
            }
            return;
        }
        for (var oy = 0; oy < outH; oy++)
        {
            var (y0, y1, fy) = Source(oy, h);
            for (var ox = 0; ox < outW; ox++)
            {
                var (x0, x1, fx) = Source(ox, w);
                var o = oy * outW + ox;
                float w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx;
                if (transpose)
                {
                    var g = large[o];
                    small[y0 * w + x0] += w00 * g; small[y0 * w + x1] += w01 * g;
                    small[y1 * w + x0] += w10 * g; small[y1 * w + x1] += w11 * g;
                }
                else
                {
                    large[o] = w00 * small[y0 * w + x0] + w01 * small[y0 * w + x1] + w10 * small[y1 * w + x0] + w11 * small[y1 * w + x1];
                }
            }
        }
    }

    /// <summary>The two source indices and the weight of the second for output coordinate o.
    /// Nearest: floor(o / s) with weight 0. Bilinear: centre-aligned, clamped at the borders.</summary>
    private (int I0, int I1, float Frac) Source(int o, int size)
    {
        if (Mode == UpsampleMode.Nearest) { var i = o / ScaleFactor; return (i, i, 0f); }
        var src = Math.Max(0f, (o + 0.5f) / ScaleFactor - 0.5f);
        var i0 = Math.Min((int)src, size - 1);
        var i1 = Math.Min(i0 + 1, size - 1);
        return (i0, i1, src - i0);
    }
}
