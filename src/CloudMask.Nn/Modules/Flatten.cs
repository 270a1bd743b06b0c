using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>(N, ...) to (N, rest) as a view; backward restores the shape.</summary>
public sealed class Flatten : Module
{
    private int[]? savedShape;

    public override Tensor Forward(Tensor input)
    {
        savedShape = input.Shape.ToArray();
        return input.Reshape(input.Dim(0), (int)(input.Length / Math.Max(1, input.Dim(0))));
    }

    public override Tensor Backward(Tensor gradOutput) => gradOutput.Reshape(Saved(savedShape, nameof(Flatten)));
}
