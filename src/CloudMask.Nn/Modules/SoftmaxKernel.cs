using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Softmax over axis 1; shared by the Softmax module and the losses.</summary>
public static class SoftmaxKernel
{
    public static Tensor Forward(Tensor input)
    {
        var (n, c, plane) = Layout(input);
        var output = Tensor.Uninitialized(input.Shape.ToArray());
        var x = input; var y = output;
        Parallel.For(0, n, b =>
        {
            var xs = x.Span; var ys = y.Span;
            for (var p = 0; p < plane; p++)
            {
                var max = float.NegativeInfinity;
                for (var k = 0; k < c; k++) max = Math.Max(max, xs[(b * c + k) * plane + p]);
                var sum = 0f;
                for (var k = 0; k < c; k++) { var i = (b * c + k) * plane + p; ys[i] = MathF.Exp(xs[i] - max); sum += ys[i]; }
                for (var k = 0; k < c; k++) ys[(b * c + k) * plane + p] /= sum;
            }
        });
        return output;
    }

    /// <summary>(batch, classes, positions per item) of an (N, C) or (N, C, H, W) tensor.</summary>
    public static (int N, int C, int Plane) Layout(Tensor t) => t.Rank switch
    {
        2 => (t.Dim(0), t.Dim(1), 1),
        4 => (t.Dim(0), t.Dim(1), t.Dim(2) * t.Dim(3)),
        _ => throw new ArgumentException($"Softmax expects (N, C) or (N, C, H, W), got {t}."),
    };
}
