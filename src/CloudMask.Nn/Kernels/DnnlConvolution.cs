using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Kernels;

/// <summary>One (transposed) convolution of fixed geometry on oneDNN: forward, backward-data and
/// backward-weights primitives created with layout `any`, so that oneDNN picks its fast blocked
/// layouts (field notes: forcing NCHW falls back to gemm at a fifth of the speed). Inputs may be
/// plain (reordered in) or already in the chosen layout (used as is); outputs are plain or, when
/// the caller allows, left in the chosen layout for the next layer. Backward-weights reuses the
/// forward pass's reordered input and backward-data's reordered output gradient instead of
/// reordering them again. Backward primitives are built on first use. In inference the packed
/// weights are reused while their version is unchanged. Not thread-safe: one instance per thread.</summary>
internal sealed class DnnlConvolution : IDisposable
{
    private readonly ConvGeometry g;
    private readonly bool hasBias;
    private readonly bool training;
    private readonly bool fuseRelu;
    private readonly DnnlPrimitive forward;
    private readonly LayoutBridge forwardSrc, forwardWeights, forwardDst;
    private readonly DnnlMemory? biasMemory;
    private long packedWeightsVersion = -1;
    private IntPtr packedWeightsBuffer;

    private DnnlPrimitive? backwardData;
    private LayoutBridge? backwardDataDiffDst, backwardDataWeights, backwardDataDiffSrc;
    private DnnlPrimitive? backwardWeights;
    private LayoutBridge? backwardWeightsSrc, backwardWeightsDiffDst, backwardWeightsDiffWeights;
    private DnnlMemory? diffBiasMemory;
    private readonly ExecArg[]?[] lastArgs = new ExecArg[]?[3];

    internal enum Pass { Forward, BackwardData, BackwardWeights }

    internal DnnlConvolution(ConvGeometry geometry, bool hasBias, bool training, bool fuseRelu = false)
    {
        geometry.Validate();
        g = geometry;
        this.hasBias = hasBias;
        this.training = training;
        this.fuseRelu = fuseRelu;
        forward = ConvolutionDescriptors.Forward(g, hasBias, fuseRelu, training);
        forwardSrc = new LayoutBridge(Plain(SrcDims), forward.QueryLayout(DnnlConstants.QuerySrcMd), toUser: false);
        forwardWeights = new LayoutBridge(UserWeights, forward.QueryLayout(DnnlConstants.QueryWeightsMd), toUser: false);
        forwardDst = new LayoutBridge(Plain(DstDims), forward.QueryLayout(DnnlConstants.QueryDstMd), toUser: true);
        if (hasBias) biasMemory = DnnlMemory.OverUserBuffer(ConvolutionDescriptors.Bias(g));
    }

    internal string ForwardImplementation => forward.ImplementationName;

    private long[] SrcDims => ConvolutionDescriptors.SrcDims(g);
    private long[] DstDims => ConvolutionDescriptors.DstDims(g);
    private MemoryDesc UserWeights => ConvolutionDescriptors.UserWeights(g);
    private static MemoryDesc Plain(long[] dims) => MemoryDesc.ByTag(dims, MemoryDesc.FormatTagNchw);

    // ---- plain-pointer API (benchmarks) --------------------------------------------------------

    /// <summary>dst = conv(src, weights) + bias, all plain layouts. <paramref name="weightsVersion"/>
    /// lets inference skip re-packing unchanged weights (pass -1 to always pack).</summary>
    internal void Forward(IntPtr src, IntPtr weights, IntPtr bias, IntPtr dst, long weightsVersion = -1)
    {
        forwardSrc.Bind(src);
        BindWeights(weights, weightsVersion);
        forwardDst.Bind(dst);
        ExecuteForward(bias);
    }

    /// <summary>diffSrc = gradient of the loss with respect to the input (overwritten).</summary>
    internal void BackwardData(IntPtr diffDst, IntPtr weights, IntPtr diffSrc)
    {
        EnsureBackwardData();
        backwardDataDiffDst!.Bind(diffDst);
        backwardDataWeights!.Bind(weights);
        backwardDataDiffSrc!.Bind(diffSrc);
        ExecuteBackwardData();
    }

    /// <summary>diffWeights (and diffBias) = gradients of the loss (overwritten, not accumulated).</summary>
    internal void BackwardWeights(IntPtr src, IntPtr diffDst, IntPtr diffWeights, IntPtr diffBias)
    {
        EnsureBackwardWeights();
        backwardWeightsSrc!.Bind(src);
        backwardWeightsDiffDst!.Bind(diffDst);
        backwardWeightsDiffWeights!.Bind(diffWeights);
        ExecuteBackwardWeights(diffBias);
    }

    /// <summary>Runs only the primitive of the last call of a pass again, on the same blocked
    /// buffers, without the reorders: what oneDNN's kernel alone achieves (for benchmarks).</summary>
    internal void RepeatPrimitiveOnly(Pass pass)
    {
        var args = lastArgs[(int)pass] ?? throw new InvalidOperationException($"Run {pass} once first.");
        var primitive = pass switch { Pass.Forward => forward, Pass.BackwardData => backwardData!, _ => backwardWeights! };
        primitive.Execute(args);
    }

    // ---- tensor API (modules) ------------------------------------------------------------------

    /// <summary>A new output tensor; blocked (the layout oneDNN chose) when <paramref name="blockedOutput"/>.</summary>
    internal Tensor Forward(Tensor x, Tensor w, Tensor? bias, bool blockedOutput = false, long weightsVersion = -1)
    {
        RequireShape(x, g.InputShape, "input");
        RequireShape(w, g.WeightShape, "weights");
        var source = BindInput(forwardSrc, x);
        BindWeights(w.Pointer, weightsVersion);
        var y = BindOutput(forwardDst, g.OutputShape, blockedOutput);
        ExecuteForward(bias?.Pointer ?? IntPtr.Zero);
        GC.KeepAlive(source); GC.KeepAlive(w); GC.KeepAlive(bias);
        return y;
    }

    internal Tensor BackwardData(Tensor dy, Tensor w, bool blockedOutput = false)
    {
        RequireShape(dy, g.OutputShape, "output gradient");
        EnsureBackwardData();
        var source = BindInput(backwardDataDiffDst!, dy);
        backwardDataWeights!.Bind(w.Pointer);
        var dx = BindOutput(backwardDataDiffSrc!, g.InputShape, blockedOutput);
        ExecuteBackwardData();
        GC.KeepAlive(source); GC.KeepAlive(w);
        return dx;
    }

    /// <summary>Weight and bias gradients (plain). Call after <see cref="Forward(Tensor, Tensor, Tensor?, bool, long)"/>
    /// with the same input and, ideally, after <see cref="BackwardData(Tensor, Tensor, bool)"/> with the
    /// same gradient: their reordered buffers are then reused.</summary>
    internal (Tensor Weights, Tensor? Bias) BackwardWeights(Tensor x, Tensor dy)
    {
        RequireShape(dy, g.OutputShape, "output gradient");
        EnsureBackwardWeights();
        var src = ShareOrBind(backwardWeightsSrc!, forwardSrc, x);
        var diffDst = ShareOrBind(backwardWeightsDiffDst!, backwardDataDiffDst, dy);
        var dw = Tensor.Uninitialized(g.WeightShape);
        var db = hasBias ? new Tensor(g.OutChannels) : null;
        backwardWeightsDiffWeights!.Bind(dw.Pointer);
        ExecuteBackwardWeights(db?.Pointer ?? IntPtr.Zero);
        GC.KeepAlive(src); GC.KeepAlive(diffDst);
        return (dw, db);
    }

    /// <summary>Binds a tensor as a primitive input: directly when it is already in the chosen
    /// layout, else its plain form through the reorder. Returns the tensor that must stay alive.</summary>
    private static Tensor BindInput(LayoutBridge bridge, Tensor t)
    {
        if (t.BlockedLayout is { } layout && layout.SameLayout(bridge.ChosenLayout))
        {
            bridge.BindDirect(t.Pointer);
            return t;
        }
        var plain = t.ToPlain();
        bridge.Bind(plain.Pointer);
        return plain;
    }

    /// <summary>Shares the buffer another bridge already filled with the same tensor in the same
    /// layout; otherwise binds normally.</summary>
    private static Tensor ShareOrBind(LayoutBridge bridge, LayoutBridge? filled, Tensor t)
    {
        if (filled is not null && filled.BoundBuffer == t.Pointer && filled.ChosenLayout.SameLayout(bridge.ChosenLayout))
        {
            bridge.Share(filled);
            return t;
        }
        return BindInput(bridge, t);
    }

    private static Tensor BindOutput(LayoutBridge bridge, int[] shape, bool blocked)
    {
        if (blocked && bridge.Reorders)
        {
            var y = Tensor.InLayout(shape, bridge.ChosenLayout);
            bridge.BindDirect(y.Pointer);
            return y;
        }
        var plain = Tensor.Uninitialized(shape);
        bridge.Bind(plain.Pointer);
        return plain;
    }

    private void BindWeights(IntPtr weights, long weightsVersion)
    {
        var reuse = !training && weightsVersion >= 0 && weightsVersion == packedWeightsVersion && weights == packedWeightsBuffer && forwardWeights.Reorders;
        if (!reuse) forwardWeights.Bind(weights);
        packedWeightsVersion = weightsVersion;
        packedWeightsBuffer = weights;
    }

    private void ExecuteForward(IntPtr bias)
    {
        var args = new List<ExecArg>
        {
            new(ExecArg.Src, forwardSrc.PrimitiveMemory), new(ExecArg.Weights, forwardWeights.PrimitiveMemory), new(ExecArg.Dst, forwardDst.PrimitiveMemory),
        };
        if (hasBias)
        {
            biasMemory!.SetBuffer(bias);
            args.Add(new ExecArg(ExecArg.Bias, biasMemory.Handle));
        }
        Run(Pass.Forward, forward, [.. args]);
        forwardDst.Flush();
    }

    private void ExecuteBackwardData()
    {
        Run(Pass.BackwardData, backwardData!, [
            new ExecArg(ExecArg.DiffDst, backwardDataDiffDst!.PrimitiveMemory), new ExecArg(ExecArg.Weights, backwardDataWeights!.PrimitiveMemory),
            new ExecArg(ExecArg.DiffSrc, backwardDataDiffSrc!.PrimitiveMemory)]);
        backwardDataDiffSrc.Flush();
    }

    private void ExecuteBackwardWeights(IntPtr diffBias)
    {
        var args = new List<ExecArg>
        {
            new(ExecArg.Src, backwardWeightsSrc!.PrimitiveMemory), new(ExecArg.DiffDst, backwardWeightsDiffDst!.PrimitiveMemory),
            new(ExecArg.DiffWeights, backwardWeightsDiffWeights!.PrimitiveMemory),
        };
        if (hasBias)
        {
            diffBiasMemory!.SetBuffer(diffBias);
            args.Add(new ExecArg(ExecArg.DiffBias, diffBiasMemory.Handle));
        }
        Run(Pass.BackwardWeights, backwardWeights!, [.. args]);
        backwardWeightsDiffWeights.Flush();
    }

    private void Run(Pass pass, DnnlPrimitive primitive, ExecArg[] args)
    {
        lastArgs[(int)pass] = args;
        primitive.Execute(args);
    }

    private void EnsureBackwardData()
    {
        RequireTraining();
        if (backwardData is not null) return;
        backwardData = ConvolutionDescriptors.BackwardData(g, forward);
        backwardDataDiffDst = new LayoutBridge(Plain(DstDims), backwardData.QueryLayout(DnnlConstants.QueryDiffDstMd), toUser: false);
        backwardDataWeights = new LayoutBridge(UserWeights, backwardData.QueryLayout(DnnlConstants.QueryWeightsMd), toUser: false);
        backwardDataDiffSrc = new LayoutBridge(Plain(SrcDims), backwardData.QueryLayout(DnnlConstants.QueryDiffSrcMd), toUser: true);
    }

    private void EnsureBackwardWeights()
    {
        RequireTraining();
        if (backwardWeights is not null) return;
        backwardWeights = ConvolutionDescriptors.BackwardWeights(g, hasBias, forward);
        backwardWeightsSrc = new LayoutBridge(Plain(SrcDims), backwardWeights.QueryLayout(DnnlConstants.QuerySrcMd), toUser: false);
        backwardWeightsDiffDst = new LayoutBridge(Plain(DstDims), backwardWeights.QueryLayout(DnnlConstants.QueryDiffDstMd), toUser: false);
        backwardWeightsDiffWeights = new LayoutBridge(UserWeights, backwardWeights.QueryLayout(DnnlConstants.QueryDiffWeightsMd), toUser: true);
        if (hasBias) diffBiasMemory = DnnlMemory.OverUserBuffer(ConvolutionDescriptors.Bias(g));
    }

    private void RequireTraining()
    {
        if (!training || fuseRelu) throw new InvalidOperationException("This convolution was planned for inference; backward passes need a training plan.");
    }

    private static void RequireShape(Tensor t, int[] expected, string what)
    {
        if (!t.Shape.SequenceEqual(expected))
            throw new ArgumentException($"The {what} has shape {Tensor.FormatShape(t.Shape)}, the convolution expects {Tensor.FormatShape(expected)}.");
    }

    public void Dispose()
    {
        forward.Dispose();
        forwardSrc.Dispose(); forwardWeights.Dispose(); forwardDst.Dispose();
        biasMemory?.Dispose();
        backwardData?.Dispose();
        backwardDataDiffDst?.Dispose(); backwardDataWeights?.Dispose(); backwardDataDiffSrc?.Dispose();
        backwardWeights?.Dispose();
        backwardWeightsSrc?.Dispose(); backwardWeightsDiffDst?.Dispose(); backwardWeightsDiffWeights?.Dispose();
        diffBiasMemory?.Dispose();
    }
}
