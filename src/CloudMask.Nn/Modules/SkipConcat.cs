using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>y = concat(x, inner(x)) along channels: the skip connection of a U-Net, where inner is
/// "pool, deeper levels, upsample" and the concatenation feeds the decoder block. The gradient of
/// the skip half adds to the gradient that comes back through inner.</summary>
public sealed class SkipConcat : Module
{
    private int savedChannels;

    public SkipConcat(Module inner) => Inner = RegisterModule("inner", inner);

    public Module Inner { get; }

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        var inner = Inner.Forward(input);
        var output = ChannelConcat.Concat(input, inner);
        if (IsTraining) savedChannels = input.Dim(1);
        else if (!inner.SharesStorageWith(input)) inner.Dispose();
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        if (savedChannels == 0) throw new InvalidOperationException("SkipConcat.Backward needs a Forward in training mode first.");
        var (skip, fromInner) = ChannelConcat.Split(gradOutput, savedChannels);
        // Gradients a module returns may alias what it was given (Identity) or be views: they are
        // left to the collector (their native size is registered as memory pressure).
        var throughInner = Inner.Backward(fromInner);
        TensorMath.AddInPlace(skip, throughInner);
        return skip;
    }
}
