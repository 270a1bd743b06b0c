using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Base of the point-wise activations: y = f(x), dx = dy * f'(x). Saves the input (or,
/// where f' is cheaper from it, the output) in training mode.</summary>
public abstract class ElementwiseModule : Module
{
    private Tensor? savedInput, savedOutput;

    /// <summary>True when f(0) = 0: then blocked tensors pass through, their zero channel padding staying zero.</summary>
    protected virtual bool PreservesZero => false;

    internal override bool ConsumesBlockedTensors => PreservesZero;

    public override Tensor Forward(Tensor input)
    {
        if (!PreservesZero) input = input.ToPlain();
        var output = Tensor.EmptyLike(input);
        var x = input;
        Chunks.For(x.PhysicalLength, (start, count) => Apply(x.RawSpan.Slice(start, count), output.RawSpan.Slice(start, count)));
        if (IsTraining) { savedInput = input; savedOutput = output; }
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var input = Saved(savedInput, GetType().Name);
        gradOutput = gradOutput.ToLayoutOf(input);
        var gradInput = Tensor.EmptyLike(input);
        var (y, dy) = (savedOutput!, gradOutput);
        Chunks.For(input.PhysicalLength, (start, count) => Derivative(input.RawSpan.Slice(start, count), y.RawSpan.Slice(start, count),
            dy.RawSpan.Slice(start, count), gradInput.RawSpan.Slice(start, count)));
        savedInput = savedOutput = null;
        return gradInput;
    }

    /// <summary>output[i] = f(input[i]).</summary>
    protected abstract void Apply(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>gradInput[i] = gradOutput[i] * f'(input[i]), given also output[i] = f(input[i]).</summary>
    protected abstract void Derivative(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput);
}
