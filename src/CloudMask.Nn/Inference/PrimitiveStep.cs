using CloudMask.Nn.Native;

namespace CloudMask.Nn.Inference;

/// <summary>Runs one oneDNN primitive on memories fixed at build time.</summary>
internal sealed class PrimitiveStep(DnnlPrimitive primitive, ExecArg[] args, string what) : IPlanStep
{
    public void Execute() => primitive.Execute(args);

    public string Description => $"{what}: {primitive.ImplementationName}";

    public void Dispose() => primitive.Dispose();
}
