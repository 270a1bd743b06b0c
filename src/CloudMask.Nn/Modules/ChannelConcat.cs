using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Concatenation of NCHW tensors along channels, and its inverse for gradients.</summary>
public static class ChannelConcat
{
    public static Tensor Concat(Tensor a, Tensor b)
    {
        if (a.Rank != 4 || b.Rank != 4 || a.Dim(0) != b.Dim(0) || a.Dim(2) != b.Dim(2) || a.Dim(3) != b.Dim(3))
            throw new ArgumentException($"Cannot concatenate {a} and {b} along channels: N, H and W must match.");
        int n = a.Dim(0), plane = a.Dim(2) * a.Dim(3);
        int aLen = a.Dim(1) * plane, bLen = b.Dim(1) * plane;
        var output = Tensor.Uninitialized(n, a.Dim(1) + b.Dim(1), a.Dim(2), a.Dim(3));
        Parallel.For(0, 2 * n, k =>
        {
            var i = k / 2;
            if (k % 2 == 0) a.Span.Slice(i * aLen, aLen).CopyTo(output.Span.Slice(i * (aLen + bLen), aLen));
            else b.Span.Slice(i * bLen, bLen).CopyTo(output.Span.Slice(i * (aLen + bLen) + aLen, bLen));
        });
        return output;
    }

    /// <summary>Splits (N, C, H, W) into the first <paramref name="firstChannels"/> channels and the rest.</summary>
    public static (Tensor First, Tensor Second) Split(Tensor t, int firstChannels)
    {
        int n = t.Dim(0), c = t.Dim(1), plane = t.Dim(2) * t.Dim(3);
        if (firstChannels <= 0 || firstChannels >= c) throw new ArgumentOutOfRangeException(nameof(firstChannels));
        var first = Tensor.Uninitialized(n, firstChannels, t.Dim(2), t.Dim(3));
        var second = Tensor.Uninitialized(n, c - firstChannels, t.Dim(2), t.Dim(3));
        int aLen = firstChannels * plane, bLen = (c - firstChannels) * plane;
        Parallel.For(0, 2 * n, k =>
        {
            var i = k / 2;
            if (k % 2 == 0) t.Span.Slice(i * (aLen + bLen), aLen).CopyTo(first.Span.Slice(i * aLen, aLen));
            else t.Span.Slice(i * (aLen + bLen) + aLen, bLen).CopyTo(second.Span.Slice(i * bLen, bLen));
        });
        return (first, second);
    }
}
