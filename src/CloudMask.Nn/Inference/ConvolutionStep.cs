using CloudMask.Nn.Kernels;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Inference;

/// <summary>A convolution (with batch norm folded in and ReLU as a post-op, when they follow it)
/// whose weights are packed once into oneDNN's layout and re-packed only when a parameter's
/// version changes (optimiser step, state-dict load, MarkChanged).</summary>
internal sealed unsafe class ConvolutionStep : IPlanStep
{
    private readonly ConvolutionBase conv;
    private readonly BatchNorm2d? batchNorm;
    private readonly DnnlPrimitive primitive;
    private readonly LayoutBridge weights;
    private readonly DnnlMemory? bias;
    private readonly ExecArg[] args;
    private readonly string description;
    private long[] packedVersions = [];
    private Tensor? foldedWeight;

    internal ConvolutionStep(ConvolutionBase conv, BatchNorm2d? batchNorm, bool relu, GraphValue input, ConvGeometry g, out GraphValue output, List<IDisposable> owned, Func<GraphValue, MemoryDesc, GraphValue> ensureLayout)
    {
        this.conv = conv;
        this.batchNorm = batchNorm;
        var hasBias = conv.Bias is not null || batchNorm is not null;
        var plan = ConvolutionDescriptors.Forward(g, hasBias, relu);
        primitive = plan;
        var src = ensureLayout(input, plan.QueryLayout(DnnlConstants.QuerySrcMd));
        var dst = DnnlMemory.Allocate(plan.QueryLayout(DnnlConstants.QueryDstMd));
        owned.Add(dst);
        weights = new LayoutBridge(ConvolutionDescriptors.UserWeights(g), plan.QueryLayout(DnnlConstants.QueryWeightsMd), toUser: false);
        var list = new List<ExecArg>
        {
            new(ExecArg.Src, src.Memory.Handle), new(ExecArg.Weights, weights.PrimitiveMemory), new(ExecArg.Dst, dst.Handle),
        };
        if (hasBias)
        {
            bias = DnnlMemory.Allocate(MemoryDesc.ByTag([g.OutChannels], MemoryDesc.FormatTagX));
            list.Add(new ExecArg(ExecArg.Bias, bias.Handle));
        }
        args = [.. list];
        output = new GraphValue(dst, [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]);
        description = $"{(g.Transposed ? "deconv" : "conv")} {g.InChannels}->{g.OutChannels} k{g.KernelH}{(batchNorm is null ? "" : "+bn")}{(relu ? "+relu" : "")}: {plan.ImplementationName}";
    }

    public string Description => description;

    public void Execute()
    {
        PackIfChanged();
        // The packed weights live in the bridge's chosen buffer (or the caller's, if already in layout).
        args[1] = new ExecArg(ExecArg.Weights, weights.PrimitiveMemory);
        primitive.Execute(args);
    }

    private void PackIfChanged()
    {
        long[] versions = [conv.Weight.Version, conv.Bias?.Version ?? 0, batchNorm?.Weight.Version ?? 0, batchNorm?.Bias.Version ?? 0];
        if (versions.AsSpan().SequenceEqual(packedVersions)) return;
        Tensor? foldedBias = null;
        foldedWeight?.Dispose();
        foldedWeight = null;
        if (batchNorm is not null) (foldedWeight, foldedBias) = batchNorm.FoldInto(conv);
        // When oneDNN wants the plain layout the primitive reads this buffer itself, so the folded
        // weights live as long as the step (until the next re-pack), not just for the reorder.
        var w = foldedWeight ?? conv.Weight.Data;
        weights.Bind(w.Pointer);
        var b = foldedBias ?? conv.Bias?.Data;
        if (bias is not null && b is not null) b.Span.CopyTo(new Span<float>((void*)bias.Buffer, b.Span.Length));
        foldedBias?.Dispose();
        packedVersions = versions;
    }

    public void Dispose()
    {
        primitive.Dispose();
        weights.Dispose();
        bias?.Dispose();
        foldedWeight?.Dispose();
    }
}
