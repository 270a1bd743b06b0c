using CloudMask.Nn.Modules;
using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Inference;

/// <summary>Fast inference for a trained model: the module tree is compiled per input shape into
/// oneDNN primitives that keep activations in oneDNN's blocked layouts, with batch norm folded
/// into convolutions, ReLU fused as a post-op, weights packed once and every buffer reused across
/// runs. Gives the same results as <c>model.Eval().Forward(x)</c> (within float rounding).
///
/// One session serves one thread. For tile parallelism create one session per thread over the
/// same model (it only reads the parameters) and set <see cref="ThreadsPerRun"/>.</summary>
public sealed class InferenceSession : IDisposable
{
    private readonly Module model;
    private readonly Dictionary<string, InferencePlan> plans = [];

    public InferenceSession(Module model)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        model.Eval();
    }

    /// <summary>OpenMP threads oneDNN uses during <see cref="Run"/> on the calling thread (restored
    /// afterwards); null leaves OMP_NUM_THREADS (default: all cores) in charge.</summary>
    public int? ThreadsPerRun { get; init; }

    /// <summary>The model's output for a batch, as a new caller-owned tensor in NCHW.</summary>
    public Tensor Run(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = Plan(input.Shape);
        if (ThreadsPerRun is not { } threads) return plan.Run(input);
        // The OpenMP setting sticks to the calling thread (often a pool thread): restore it.
        var previous = DnnlRuntime.MaxThreads();
        DnnlRuntime.SetThreadsForCurrentThread(threads);
        try { return plan.Run(input); }
        finally { DnnlRuntime.SetThreadsForCurrentThread(previous); }
    }

    /// <summary>The compiled steps and the oneDNN implementation of each, for an input shape.</summary>
    public IReadOnlyList<string> Describe(params int[] inputShape) => Plan(inputShape).Describe();

    private InferencePlan Plan(ReadOnlySpan<int> shape)
    {
        var key = Tensor.FormatShape(shape);
        if (!plans.TryGetValue(key, out var plan))
        {
            plan = InferencePlanBuilder.Build(model, shape.ToArray());
            plans.Add(key, plan);
        }
        return plan;
    }

    public void Dispose()
    {
        foreach (var p in plans.Values) p.Dispose();
        plans.Clear();
    }
}
