using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Returns its input unchanged (the same tensor instance).</summary>
public sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input;
    public override Tensor Backward(Tensor gradOutput) => gradOutput;
}
