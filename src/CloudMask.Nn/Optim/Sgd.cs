using CloudMask.Nn.Modules;

namespace CloudMask.Nn.Optim;

/// <summary>Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay,
/// the update of torch.optim.SGD (the first step seeds the velocity with the gradient).</summary>
public sealed class Sgd : Optimizer
{
    private readonly SgdOptions options;
    private readonly float[]?[] velocity;

    public Sgd(IEnumerable<Parameter> parameters, SgdOptions options)
        : base(parameters, (options ?? throw new ArgumentNullException(nameof(options))).LearningRate)
    {
        options.Validate();
        this.options = options;
        velocity = new float[Parameters.Count][];
    }

    protected override void Update(int index, Span<float> data, ReadOnlySpan<float> grad)
    {
        float lr = LearningRate, mu = options.Momentum, damp = options.Dampening, wd = options.WeightDecay;
        var first = velocity[index] is null;
        var v = mu > 0 ? velocity[index] ??= new float[data.Length] : null;
        for (var i = 0; i < data.Length; i++)
        {
            var g = grad[i] + wd * data[i];
            if (v is not null)
            {
                v[i] = first ? g : mu * v[i] + (1 - damp) * g;
                g = options.Nesterov ? g + mu * v[i] : v[i];
            }
            data[i] -= lr * g;
        }
    }
}
