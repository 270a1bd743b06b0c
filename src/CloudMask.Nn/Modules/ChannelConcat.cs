using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Concatenation of NCHW (or nChw16c) tensors along channels, and its inverse for gradients.
/// Results are blocked when the inputs are, else plain.</summary>
public static class ChannelConcat
{
    public static Tensor Concat(Tensor a, Tensor b)
    {
        if (a.Rank != 4 || b.Rank != 4 || a.Dim(0) != b.Dim(0) || a.Dim(2) != b.Dim(2) || a.Dim(3) != b.Dim(3))
            throw new ArgumentException($"Cannot concatenate {a} and {b} along channels: N, H and W must match.");
        // Both nChw16c with whole channel blocks: per batch item the blocks of a then the blocks of
        // b, exactly as in NCHW, so the same copies produce a blocked result without reorders.
        var blocked = ChannelBlocked16.Is(a) && ChannelBlocked16.Is(b);
        if (!blocked) { a = a.ToPlain(); b = b.ToPlain(); }
        int n = a.Dim(0), plane = a.Dim(2) * a.Dim(3);
        int aLen = a.Dim(1) * plane, bLen = b.Dim(1) * plane;
        int[] shape = [n, a.Dim(1) + b.Dim(1), a.Dim(2), a.Dim(3)];
        var output = blocked ? ChannelBlocked16.Create(shape) : Tensor.Uninitialized(shape);
        Parallel.For(0, 2 * n, k =>
        {
            var i = k / 2;
            if (k % 2 == 0) a.RawSpan.Slice(i * aLen, aLen).CopyTo(output.RawSpan.Slice(i * (aLen + bLen), aLen));
            else b.RawSpan.Slice(i * bLen, bLen).CopyTo(output.RawSpan.Slice(i * (aLen + bLen) + aLen, bLen));
        });
        return output;
    }

    /// <summary>Splits (N, C, H, W) into the first <paramref name="firstChannels"/> channels and the rest.</summary>
    public static (Tensor First, Tensor Second) Split(Tensor t, int firstChannels)
    {
        int n = t.Dim(0), c = t.Dim(1), plane = t.Dim(2) * t.Dim(3);
        if (firstChannels <= 0 || firstChannels >= c) throw new ArgumentOutOfRangeException(nameof(firstChannels));
        var blocked = ChannelBlocked16.Is(t) && firstChannels % ChannelBlocked16.Block == 0;
        if (!blocked) t = t.ToPlain();
        int[] firstShape = [n, firstChannels, t.Dim(2), t.Dim(3)], secondShape = [n, c - firstChannels, t.Dim(2), t.Dim(3)];
        var first = blocked ? ChannelBlocked16.Create(firstShape) : Tensor.Uninitialized(firstShape);
        var second = blocked ? ChannelBlocked16.Create(secondShape) : Tensor.Uninitialized(secondShape);
        int aLen = firstChannels * plane, bLen = (c - firstChannels) * plane;
        Parallel.For(0, 2 * n, k =>
        {
            var i = k / 2;
            if (k % 2 == 0) t.RawSpan.Slice(i * (aLen + bLen), aLen).CopyTo(first.RawSpan.Slice(i * aLen, aLen));
            else t.RawSpan.Slice(i * (aLen + bLen) + aLen, bLen).CopyTo(second.RawSpan.Slice(i * bLen, bLen));
        });
        return (first, second);
    }
}
