using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>y = x + inner(x) (a residual block); the gradient flows through both paths and adds.</summary>
public sealed class Residual : Module
{
    public Residual(Module inner) => Inner = RegisterModule("inner", inner);

    public Module Inner { get; }

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        var inner = Inner.Forward(input);
        if (!inner.SameShape(input)) throw new InvalidOperationException($"A residual block must keep the shape: {input} became {inner}.");
        var output = TensorMath.Add(input, inner);
        if (!IsTraining && !inner.SharesStorageWith(input)) inner.Dispose();
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        var throughInner = Inner.Backward(gradOutput);
        return TensorMath.Add(gradOutput, throughInner);
    }
}
