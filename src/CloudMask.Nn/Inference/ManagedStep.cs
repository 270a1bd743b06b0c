using CloudMask.Nn.Modules;
using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Inference;

/// <summary>A module oneDNN has no primitive for here (Linear, Softmax, a custom module, a batch
/// norm that follows no convolution): its input is brought to plain layout, the module's own eval
/// Forward runs, and the result is copied into a plain oneDNN memory for the next step.</summary>
internal sealed unsafe class ManagedStep : IPlanStep
{
    private readonly Module module;
    private readonly GraphValue source;
    private readonly Tensor input;
    private readonly DnnlMemory inputPlain;
    private readonly DnnlPrimitive? toPlain;
    private readonly ExecArg[] toPlainArgs = [];
    private readonly DnnlMemory output;

    internal ManagedStep(Module module, GraphValue source, out GraphValue result)
    {
        this.module = module;
        this.source = source;
        input = new Tensor(source.Shape);
        var plain = TensorReorder.PlainLayout(source.Shape);
        inputPlain = DnnlMemory.OverUserBuffer(plain);
        inputPlain.SetBuffer(input.Pointer);
        if (!plain.SameLayout(source.Desc))
        {
            toPlain = DnnlPrimitive.Reorder(source.Desc, plain);
            toPlainArgs = [new ExecArg(ExecArg.From, source.Memory.Handle), new ExecArg(ExecArg.To, inputPlain.Handle)];
        }
        // One probe run tells the output shape (fixed for the plan's input shape).
        var probe = module.Forward(input);
        var probeShape = probe.Shape.ToArray();
        var shape = probeShape.Select(d => (long)d).ToArray();
        if (!probe.SharesStorageWith(input)) probe.Dispose();
        output = DnnlMemory.Allocate(TensorReorder.PlainLayout(probeShape));
        result = new GraphValue(output, shape);
    }

    public string Description => $"managed {module.GetType().Name}";

    public void Execute()
    {
        if (toPlain is not null) toPlain.Execute(toPlainArgs);
        else new ReadOnlySpan<float>((void*)source.Memory.Buffer, (int)input.Length).CopyTo(input.Span);
        var y = module.Forward(input);
        y.Span.CopyTo(new Span<float>((void*)output.Buffer, (int)y.Length));
        if (!y.SharesStorageWith(input)) y.Dispose();
    }

    public void Dispose()
    {
        toPlain?.Dispose();
        inputPlain.Dispose();
        output.Dispose();
        input.Dispose();
    }
}
