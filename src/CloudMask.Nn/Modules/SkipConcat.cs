using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>y = concat(x, inner(x)) along channels: the skip connection of a U-Net, where inner is
/// "pool, deeper levels, upsample" and the concatenation feeds the decoder block. The gradient of
/// the skip half adds to the gradient that comes back through inner.</summary>
public sealed class SkipConcat : Module
{
    private int savedChannels;

    public SkipConcat(Module inner)
    {
        Inner = RegisterModule("inner", inner);
        // The concatenation and the gradient sum below take blocked tensors as they come.
        Inner.BlockedOutputAllowed = true;
        Inner.BlockedGradientAllowed = true;
    }

    internal override bool ConsumesBlockedTensors => true;

    public Module Inner { get; }

    public override Tensor Forward(Tensor input)
    {
        var inner = Inner.Forward(input);
        var output = ChannelConcat.Concat(input, inner);
        if (!BlockedOutputAllowed) output = output.ToPlain();
        if (IsTraining) savedChannels = input.Dim(1);
        else if (!inner.SharesStorageWith(input)) inner.Dispose();
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        if (savedChannels == 0) throw new InvalidOperationException("SkipConcat.Backward needs a Forward in training mode first.");
        var (skip, fromInner) = ChannelConcat.Split(gradOutput, savedChannels);
        // Gradients a module returns may alias what it was given (Identity) or be views: they are
        // left to the collector (their native size is registered as memory pressure).
        var throughInner = Inner.Backward(fromInner).ToLayoutOf(skip);
        System.Numerics.Tensors.TensorPrimitives.Add(skip.RawSpan, throughInner.RawSpan, skip.RawSpan);
        return BlockedGradientAllowed ? skip : skip.ToPlain();
    }
}
