using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Models;

/// <summary>
/// Moves a <see cref="SpectralTile"/> into a network and the logits back out. Networks with
/// pooling need sides that are multiples of 2^(levels-1); the tile is padded by mirroring its
/// edge (which looks like more of the scene, unlike zeros) and the padding is cut off again.
/// No-data (NaN) becomes 0 reflectance: the caller masks those pixels anyway.
/// </summary>
public static class NetworkTile
{
    public static int PaddedSize(int size, int multiple) => (size + multiple - 1) / multiple * multiple;

    /// <summary>(1, bands, H', W') from the chosen planes of the tile, each multiplied by its scale.</summary>
    public static Tensor ToInput(SpectralTile tile, IReadOnlyList<int> bandIndices, IReadOnlyList<float>? scales, int multiple)
    {
        var input = new Tensor(1, bandIndices.Count, PaddedSize(tile.Height, multiple), PaddedSize(tile.Width, multiple));
        Fill(tile, bandIndices, scales, multiple, input.Span);
        return input;
    }

    /// <summary>Writes <see cref="ToInput"/>'s values (bands x H' x W', row-major) into <paramref name="target"/>:
    /// for an engine that takes its input in a buffer of its own.</summary>
    public static void Fill(SpectralTile tile, IReadOnlyList<int> bandIndices, IReadOnlyList<float>? scales, int multiple, Span<float> target)
    {
        int w = tile.Width, h = tile.Height;
        int pw = PaddedSize(w, multiple), ph = PaddedSize(h, multiple);
        if (target.Length < bandIndices.Count * ph * pw) throw new ArgumentException($"{target.Length} values for {bandIndices.Count} x {ph} x {pw}", nameof(target));
        for (var b = 0; b < bandIndices.Count; b++)
        {
            var source = tile.Planes[bandIndices[b]];
            var scale = scales?[b] ?? 1f;
            var plane = target.Slice(b * ph * pw, ph * pw);
            for (var y = 0; y < ph; y++)
            {
                var sy = Mirror(y, h);
                for (var x = 0; x < pw; x++)
                {
                    var v = source[sy * w + Mirror(x, w)];
                    plane[y * pw + x] = float.IsFinite(v) ? v * scale : 0f;
                }
            }
        }
    }

    /// <summary>The top-left width x height pixels of each of <paramref name="planes"/> planes of
    /// padded x paddedWidth values (a network's padded output) into <paramref name="output"/>.</summary>
    public static void Crop(ReadOnlySpan<float> padded, int planes, int paddedWidth, int paddedHeight, int width, int height, Span<float> output)
    {
        if (width > paddedWidth || height > paddedHeight) throw new ArgumentException($"{width} x {height} does not fit in {paddedWidth} x {paddedHeight}");
        for (var c = 0; c < planes; c++)
            for (var y = 0; y < height; y++)
                padded.Slice((c * paddedHeight + y) * paddedWidth, width).CopyTo(output.Slice((c * height + y) * width, width));
    }

    /// <summary>Softmax over the 4 logit channels of (1, 4, H', W') plus <paramref name="offsets"/>
    /// (calibration; none when null), cropped to width x height.</summary>
    public static void ToProbabilities(Tensor logits, int width, int height, Span<float> probabilities, LogitOffsets? offsets = null)
    {
        int ph = logits.Dim(2), pw = logits.Dim(3), classes = logits.Dim(1);
        var l = logits.Span;
        var n = width * height;
        Span<float> e = stackalloc float[classes];
        Span<float> shift = stackalloc float[classes];
        if (offsets is not null && !offsets.IsNone)
        {
            if (offsets.Values.Count != classes) throw new InvalidOperationException($"{offsets.Values.Count} logit offsets for {classes} classes");
            for (var c = 0; c < classes; c++) shift[c] = offsets.Values[c];
        }
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var max = float.NegativeInfinity;
                for (var c = 0; c < classes; c++) max = Math.Max(max, l[(c * ph + y) * pw + x] + shift[c]);
                var sum = 0f;
                for (var c = 0; c < classes; c++) sum += e[c] = MathF.Exp(l[(c * ph + y) * pw + x] + shift[c] - max);
                for (var c = 0; c < classes; c++) probabilities[c * n + y * width + x] = e[c] / sum;
            }
    }

    /// <summary>Index into [0, size) mirrored at both ends (… 2 1 | 0 1 2 … size-1 | size-2 …).</summary>
    private static int Mirror(int i, int size)
    {
        if (size == 1) return 0;
        var period = 2 * size - 2;
        i %= period;
        if (i < 0) i += period;
        return i < size ? i : period - i;
    }
}
