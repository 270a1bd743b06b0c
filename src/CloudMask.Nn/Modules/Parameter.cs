using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>A trainable tensor and its gradient. The gradient is allocated on first use and
/// accumulates (+=) across backward passes until <see cref="ZeroGrad"/>.</summary>
public sealed class Parameter : IDisposable
{
    private Tensor? grad;

    public Parameter(Tensor data, bool requiresGrad = true)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        RequiresGrad = requiresGrad;
    }

    public Tensor Data { get; }
    public bool RequiresGrad { get; set; }

    /// <summary>The gradient (zeros until a backward pass adds to it).</summary>
    public Tensor Grad => grad ??= Tensor.ZerosLike(Data);

    public bool HasGrad => grad is not null;

    /// <summary>Bumped whenever <see cref="Data"/> changes through the engine (optimiser steps,
    /// state-dict loads). Inference reuses weights packed for oneDNN while it is unchanged: call
    /// <see cref="MarkChanged"/> after writing into Data yourself.</summary>
    public long Version { get; private set; }

    public void MarkChanged() => Version++;

    public void ZeroGrad() => grad?.Span.Clear();

    internal void AccumulateGrad(Tensor gradient)
    {
        if (!RequiresGrad) return;
        if (grad is null) grad = gradient.Clone();
        else TensorMath.AddInPlace(grad, gradient);
    }

    public void Dispose()
    {
        Data.Dispose();
        grad?.Dispose();
    }
}
