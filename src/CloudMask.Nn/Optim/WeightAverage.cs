using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Optim;

/// <summary>
/// The running mean of a module's parameters and buffers over snapshots taken during training
/// (stochastic weight averaging, Izmailov et al. 2018; PyTorch's swa_utils.AveragedModel).
/// Snapshots along a run at a constant learning rate average to a point nearer the middle of the
/// region they wander in, so the result no longer rests on which single epoch validated best.
/// Buffers (batch norm's running statistics) are averaged too; with frozen statistics they do
/// not change, otherwise re-estimate them on training batches after <see cref="Apply"/>.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly Module module;
    private readonly Dictionary<string, Tensor> mean;
    private float[] difference = [];

    public WeightAverage(Module module)
    {
        this.module = module ?? throw new ArgumentNullException(nameof(module));
        mean = module.StateDict().ToDictionary(kv => kv.Key, kv => Tensor.Zeros(kv.Value.Shape.ToArray()), StringComparer.Ordinal);
    }

    /// <summary>Snapshots averaged so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the module's current weights to the mean.</summary>
    public void Add()
    {
        Count++;
        var weight = 1f / Count;
        foreach (var (name, live) in module.StateDict())
        {
            var target = mean[name].Span;
            if (difference.Length < target.Length) difference = new float[target.Length];
            var step = difference.AsSpan(0, target.Length);
            // mean += (live - mean) / n: the exact mean without a growing sum.
            TensorPrimitives.Subtract(live.Span, target, step);
            TensorPrimitives.MultiplyAdd(step, weight, target, target);
        }
    }

    /// <summary>Continues an average saved earlier (a resumed run): its tensors and how many snapshots it holds.</summary>
    public void Restore(IReadOnlyDictionary<string, Tensor> saved, int count)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        foreach (var (name, target) in mean)
        {
            if (!saved.TryGetValue(name, out var source) || !source.SameShape(target))
                throw new InvalidDataException($"the saved weight average has no '{name}' of shape {target}");
            target.CopyFrom(source);
        }
        Count = count;
    }

    /// <summary>Puts the mean into the module while <paramref name="action"/> runs (validate or
    /// save it), then the live weights back, so training goes on where it was.</summary>
    public T Apply<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Count == 0) throw new InvalidOperationException("no weights have been averaged yet");
        var live = module.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
        try
        {
            module.LoadStateDict(mean);
            return action();
        }
        finally
        {
            module.LoadStateDict(live);
            foreach (var t in live.Values) t.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var t in mean.Values) t.Dispose();
    }
}
