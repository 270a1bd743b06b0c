using CloudMask.Nn.Modules;

namespace CloudMask.Nn.Optim;

/// <summary>Updates a fixed list of parameters from their gradients. Parameters without
/// RequiresGrad are skipped. <see cref="LearningRate"/> is what schedules change.</summary>
public abstract class Optimizer
{
    private float learningRate;

    protected Optimizer(IEnumerable<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        if (Parameters.Count == 0) throw new ArgumentException("The optimiser got no parameters.", nameof(parameters));
        if (Parameters.Distinct().Count() != Parameters.Count) throw new ArgumentException("A parameter is listed twice.", nameof(parameters));
        LearningRate = learningRate;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    public float LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value >= 0) || !float.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "The learning rate must be finite and non-negative.");
            learningRate = value;
        }
    }

    public void Step()
    {
        OnStepStarting();
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (!p.RequiresGrad || !p.HasGrad) continue;
            Update(i, p.Data.Span, p.Grad.Span);
            p.MarkChanged();
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>Called once at the start of every step (step counters for bias correction).</summary>
    protected virtual void OnStepStarting() { }

    /// <summary>Updates parameter <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Span<float> data, ReadOnlySpan<float> grad);
}
