using CloudMask.Nn.Kernels;
using CloudMask.Nn.Kernels.Reference;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Kernels;

/// <summary>oneDNN's convolutions against the plain-loop reference: relative error below 1e-4.</summary>
public class DnnlConvolutionTests
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<ConvGeometry, bool> Geometries() => new()
    {
        { new ConvGeometry(2, 16, 9, 11, 32, 3, 3, PadH: 1, PadW: 1), true },
        { new ConvGeometry(1, 3, 8, 8, 5, 3, 3), false },
        { new ConvGeometry(2, 8, 10, 9, 16, 3, 2, StrideH: 2, StrideW: 1, PadH: 1, PadW: 0), true },
        { new ConvGeometry(1, 16, 12, 12, 16, 3, 3, PadH: 2, PadW: 2, DilationH: 2, DilationW: 2), true },
        { new ConvGeometry(2, 8, 7, 7, 12, 3, 3, PadH: 1, PadW: 1, Groups: 4), true },
        { new ConvGeometry(1, 32, 6, 6, 16, 2, 2, StrideH: 2, StrideW: 2, Transposed: true), true },
        { new ConvGeometry(2, 6, 5, 7, 4, 3, 3, PadH: 1, PadW: 1, Transposed: true), false },
        { new ConvGeometry(1, 8, 5, 5, 12, 4, 4, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1, Groups: 2, Transposed: true), true },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_matches_reference(ConvGeometry g, bool hasBias)
    {
        var random = new Random(1);
        using var x = Tensor.RandomNormal(random, 1f, g.InputShape);
        using var w = Tensor.RandomNormal(random, 0.3f, g.WeightShape);
        using var b = hasBias ? Tensor.RandomNormal(random, 1f, g.OutChannels) : null;
        using var conv = new DnnlConvolution(g, hasBias, training: false);

        using var actual = conv.Forward(x, w, b);
        using var expected = ReferenceConvolution.Forward(g, x, w, b);

        Assert.True(TensorMath.MaxRelativeError(actual, expected) < Tolerance, $"{conv.ForwardImplementation}: {TensorMath.MaxRelativeError(actual, expected)}");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_passes_match_reference(ConvGeometry g, bool hasBias)
    {
        var random = new Random(2);
        using var x = Tensor.RandomNormal(random, 1f, g.InputShape);
        using var w = Tensor.RandomNormal(random, 0.3f, g.WeightShape);
        using var b = hasBias ? Tensor.RandomNormal(random, 1f, g.OutChannels) : null;
        using var dy = Tensor.RandomNormal(random, 1f, g.OutputShape);
        using var conv = new DnnlConvolution(g, hasBias, training: true);
        conv.Forward(x, w, b).Dispose();

        using var dx = conv.BackwardData(dy, w);
        var (dw, db) = conv.BackwardWeights(x, dy);
        using var expectedDx = ReferenceConvolution.BackwardData(g, dy, w);
        var (expectedDw, expectedDb) = ReferenceConvolution.BackwardWeights(g, x, dy);

        Assert.True(TensorMath.MaxRelativeError(dx, expectedDx) < Tolerance, $"dx {TensorMath.MaxRelativeError(dx, expectedDx)}");
        Assert.True(TensorMath.MaxRelativeError(dw, expectedDw) < Tolerance, $"dw {TensorMath.MaxRelativeError(dw, expectedDw)}");
        if (hasBias) Assert.True(TensorMath.MaxRelativeError(db!, expectedDb) < Tolerance, $"db {TensorMath.MaxRelativeError(db!, expectedDb)}");
    }

    [Fact]
    public void Fused_relu_equals_relu_of_convolution()
    {
        var g = new ConvGeometry(1, 16, 8, 8, 16, 3, 3, PadH: 1, PadW: 1);
        var random = new Random(3);
        using var x = Tensor.RandomNormal(random, 1f, g.InputShape);
        using var w = Tensor.RandomNormal(random, 0.3f, g.WeightShape);
        using var fused = new DnnlConvolution(g, hasBias: false, training: false, fuseRelu: true);
        using var y = fused.Forward(x, w, null);
        using var expected = ReferenceConvolution.Forward(g, x, w, null);
        var e = expected.Span;
        for (var i = 0; i < e.Length; i++) e[i] = Math.Max(0, e[i]);
        Assert.True(TensorMath.MaxRelativeError(y, expected) < Tolerance);
    }

    [Fact]
    public void Mismatched_input_shape_is_rejected()
    {
        var g = new ConvGeometry(1, 4, 8, 8, 4, 3, 3);
        using var conv = new DnnlConvolution(g, hasBias: false, training: false);
        using var x = new Tensor(1, 4, 9, 8);
        using var w = new Tensor(g.WeightShape);
        Assert.Throws<ArgumentException>(() => conv.Forward(x, w, null));
    }
}
