namespace CloudMask.Nn.Modules;

/// <summary>x for x &gt; 0, slope * x otherwise (PyTorch's default slope 0.01).</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : ElementwiseModule
{
    protected override bool PreservesZero => true;

    public float NegativeSlope { get; } = negativeSlope;

    protected override void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var i = 0; i < input.Length; i++) output[i] = input[i] > 0 ? input[i] : NegativeSlope * input[i];
    }

    protected override void Derivative(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        for (var i = 0; i < input.Length; i++) gradInput[i] = input[i] > 0 ? gradOutput[i] : NegativeSlope * gradOutput[i];
    }
}
