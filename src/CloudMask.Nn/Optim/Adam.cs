using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Optim;

/// <summary>Adam (Kingma and Ba) with bias correction, or AdamW (Loshchilov and Hutter) when
/// <see cref="AdamOptions.DecoupledWeightDecay"/> is set; the update of torch.optim.Adam/AdamW.</summary>
public sealed class Adam : Optimizer
{
    private readonly AdamOptions options;
    private readonly float[][] firstMoment;
    private readonly float[][] secondMoment;

    public Adam(IEnumerable<Parameter> parameters, AdamOptions? options = null)
        : base(parameters, (options ??= new AdamOptions()).LearningRate)
    {
        options.Validate();
        this.options = options;
        firstMoment = Parameters.Select(p => new float[p.Data.Length]).ToArray();
        secondMoment = Parameters.Select(p => new float[p.Data.Length]).ToArray();
    }

    public long StepCount { get; private set; }

    protected override void OnStepStarting() => StepCount++;

    protected override void Update(int index, Span<float> data, ReadOnlySpan<float> grad)
    {
        var p = Parameters[index];
        Chunks.For(data.Length, (start, count) => UpdateRange(index, p.Data.Span.Slice(start, count), p.Grad.Span.Slice(start, count), start));
    }

    private void UpdateRange(int index, Span<float> data, ReadOnlySpan<float> grad, int offset)
    {
        var m = firstMoment[index].AsSpan(offset, data.Length);
        var v = secondMoment[index].AsSpan(offset, data.Length);
        float b1 = options.Beta1, b2 = options.Beta2, lr = LearningRate, eps = options.Epsilon, wd = options.WeightDecay;
        var correction1 = 1 - MathF.Pow(b1, StepCount);
        var correction2Sqrt = MathF.Sqrt(1 - MathF.Pow(b2, StepCount));
        var decoupled = options.DecoupledWeightDecay;
        for (var i = 0; i < data.Length; i++)
        {
            var g = grad[i];
            if (decoupled) data[i] *= 1 - lr * wd;
            else g += wd * data[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            data[i] -= lr / correction1 * m[i] / (MathF.Sqrt(v[i]) / correction2Sqrt + eps);
        }
    }
}
