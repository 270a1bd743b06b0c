using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Inference;

/// <summary>A compiled forward pass for one input shape: the steps and every intermediate memory,
/// allocated once and reused by every run. Not thread-safe.</summary>
internal sealed class InferencePlan(DnnlMemory input, DnnlMemory output, int[] outputShape, List<IPlanStep> steps, List<IDisposable> owned) : IDisposable
{
    internal int[] OutputShape => outputShape;

    internal IReadOnlyList<string> Describe() => steps.Select(s => s.Description).ToList();

    internal Tensor Run(Tensor x)
    {
        x = x.ToPlain();
        var y = Tensor.Uninitialized(outputShape);
        input.SetBuffer(x.Pointer);
        output.SetBuffer(y.Pointer);
        foreach (var step in steps) step.Execute();
        GC.KeepAlive(x);
        return y;
    }

    public void Dispose()
    {
        foreach (var s in steps) s.Dispose();
        foreach (var o in owned) o.Dispose();
    }
}
