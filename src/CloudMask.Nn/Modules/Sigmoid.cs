using System.Numerics.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>1 / (1 + e^-x); the derivative is y (1 - y) from the saved output.</summary>
public sealed class Sigmoid : ElementwiseModule
{
    protected override void Apply(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Sigmoid(input, output);

    protected override void Derivative(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        for (var i = 0; i < input.Length; i++) gradInput[i] = gradOutput[i] * output[i] * (1f - output[i]);
    }
}
