using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Losses;

/// <summary>Builds dice targets from label maps.</summary>
public static class Targets
{
    /// <summary>(N, classes, H, W) one-hot tensor from labels in N, H, W order. Labels outside
    /// [0, classes) (e.g. an ignore label) give an all-zero column.</summary>
    public static Tensor OneHot(ReadOnlySpan<int> labels, int batch, int classes, int height, int width)
    {
        if (labels.Length != batch * height * width) throw new ArgumentException($"{labels.Length} labels for {batch}x{height}x{width}.", nameof(labels));
        var t = new Tensor(batch, classes, height, width);
        var s = t.Span;
        var plane = height * width;
        for (var b = 0; b < batch; b++)
        for (var k = 0; k < plane; k++)
        {
            var label = labels[b * plane + k];
            if ((uint)label < (uint)classes) s[(b * classes + label) * plane + k] = 1f;
        }
        return t;
    }
}
