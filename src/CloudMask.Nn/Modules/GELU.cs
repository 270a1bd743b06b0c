namespace CloudMask.Nn.Modules;

/// <summary>x * Phi(x) with the exact normal CDF (PyTorch's default, approximate='none').
/// erf is evaluated in double through <see cref="Erf"/>.</summary>
public sealed class GELU : ElementwiseModule
{
    private const double InvSqrt2 = 0.70710678118654752;
    private const double InvSqrt2Pi = 0.39894228040143268;

    protected override void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var i = 0; i < input.Length; i++)
        {
            double x = input[i];
            output[i] = (float)(0.5 * x * (1 + Erf(x * InvSqrt2)));
        }
    }

    protected override void Derivative(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        for (var i = 0; i < input.Length; i++)
        {
            double x = input[i];
            var cdf = 0.5 * (1 + Erf(x * InvSqrt2));
            var pdf = InvSqrt2Pi * Math.Exp(-0.5 * x * x);
            gradInput[i] = (float)(gradOutput[i] * (cdf + x * pdf));
        }
    }

    /// <summary>erf through the Chebyshev-fitted erfc of Numerical Recipes (fractional error below
    /// 1.2e-7 everywhere), well inside float precision.</summary>
    internal static double Erf(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var erfc = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
