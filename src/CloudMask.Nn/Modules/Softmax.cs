using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Softmax over axis 1 (classes) of (N, C) or (N, C, H, W) tensors, computed with the
/// maximum subtracted for stability. Backward: dx = y (dy - sum_c y dy).</summary>
public sealed class Softmax : Module
{
    private Tensor? savedOutput;

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        var output = SoftmaxKernel.Forward(input);
        if (IsTraining) savedOutput = output;
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        var y = Saved(savedOutput, nameof(Softmax));
        var (n, c, plane) = SoftmaxKernel.Layout(y);
        var gradInput = Tensor.ZerosLike(y);
        var ys = y.Span; var dy = gradOutput.Span; var dx = gradInput.Span;
        for (var b = 0; b < n; b++)
        for (var p = 0; p < plane; p++)
        {
            var dot = 0f;
            for (var k = 0; k < c; k++) { var i = (b * c + k) * plane + p; dot += ys[i] * dy[i]; }
            for (var k = 0; k < c; k++) { var i = (b * c + k) * plane + p; dx[i] = ys[i] * (dy[i] - dot); }
        }
        savedOutput = null;
        return gradInput;
    }
}
