using System.Numerics.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>max(0, x). Its derivative at 0 is taken as 0, as PyTorch does.</summary>
public sealed class ReLU : ElementwiseModule
{
    protected override bool PreservesZero => true;

    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Max(input, 0f, output);

    protected override void Derivative(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        for (var i = 0; i < input.Length; i++) gradInput[i] = input[i] > 0 ? gradOutput[i] : 0f;
    }
}
