using CloudMask.Nn.Kernels;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Native;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Inference;

/// <summary>Compiles an eval-mode module tree for one input shape into a flat list of oneDNN
/// primitives whose activations stay in the layouts oneDNN chose (nChw16c, nhwc, ...): the field
/// notes' rule for speed. Reorders happen only where a primitive wants another layout than its
/// producer's, and at the plan's input and output. Convolution + BatchNorm2d + ReLU in a Sequential
/// become one primitive (folded weights, ReLU post-op). Modules without a oneDNN counterpart run
/// managed through <see cref="ManagedStep"/>.</summary>
internal sealed unsafe class InferencePlanBuilder
{
    private readonly List<IPlanStep> steps = [];
    private readonly List<IDisposable> owned = [];

    internal static InferencePlan Build(Module model, int[] inputShape)
    {
        var builder = new InferencePlanBuilder();
        try
        {
            var dims = inputShape.Select(d => (long)d).ToArray();
            var input = DnnlMemory.OverUserBuffer(TensorReorder.PlainLayout(inputShape));
            builder.owned.Add(input);
            var inputValue = new GraphValue(input, dims);
            var output = builder.Compile(model, inputValue);
            // The output goes to a caller tensor in plain layout; if the last step already wrote
            // plain layout into a memory of its own, a reorder (a copy) still moves it there.
            var userOutput = DnnlMemory.OverUserBuffer(TensorReorder.PlainLayout(output.Shape));
            builder.owned.Add(userOutput);
            builder.Add(new PrimitiveStep(DnnlPrimitive.Reorder(output.Desc, userOutput.Desc),
                [new ExecArg(ExecArg.From, output.Memory.Handle), new ExecArg(ExecArg.To, userOutput.Handle)], "reorder to plain output"));
            return new InferencePlan(input, userOutput, output.Shape, builder.steps, builder.owned);
        }
        catch
        {
            foreach (var s in builder.steps) s.Dispose();
            foreach (var o in builder.owned) o.Dispose();
            throw;
        }
    }

    private void Add(IPlanStep step) => steps.Add(step);

    private GraphValue Compile(Module module, GraphValue x) => module switch
    {
        Sequential s => CompileSequential(s, x),
        ConvolutionBase conv => CompileConvolution(conv, null, relu: false, x),
        MaxPool2d p => Pooling(x, DnnlConstants.PoolingMax, p.KernelSize, p.Stride, p.Padding),
        AvgPool2d p => Pooling(x, DnnlConstants.PoolingAvgIncludePadding, p.KernelSize, p.Stride, p.Padding),
        Upsample u => Resampling(x, u),
        SkipConcat skip => Concat(x, Compile(skip.Inner, x)),
        Residual residual => Add(x, Compile(residual.Inner, x)),
        ReLU => Eltwise(x, DnnlConstants.EltwiseRelu, 0f),
        LeakyReLU leaky => Eltwise(x, DnnlConstants.EltwiseRelu, leaky.NegativeSlope),
        Sigmoid => Eltwise(x, DnnlConstants.EltwiseLogistic, 0f),
        GELU => Eltwise(x, DnnlConstants.EltwiseGeluErf, 0f),
        Identity or Dropout => x,
        _ => Managed(module, x),
    };

    private GraphValue CompileSequential(Sequential sequential, GraphValue x)
    {
        var layers = sequential.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is ConvolutionBase conv && x.Dims.Length == 4)
            {
                var bn = i + 1 < layers.Count ? layers[i + 1] as BatchNorm2d : null;
                var reluAt = i + (bn is null ? 1 : 2);
                var relu = reluAt < layers.Count && layers[reluAt] is ReLU;
                x = CompileConvolution(conv, bn, relu, x);
                i += (bn is null ? 0 : 1) + (relu ? 1 : 0);
            }
            else
            {
                x = Compile(layers[i], x);
            }
        }
        return x;
    }

    private GraphValue CompileConvolution(ConvolutionBase conv, BatchNorm2d? bn, bool relu, GraphValue x)
    {
        if (x.Dims.Length != 4) return Managed(conv, x);
        var g = conv.GeometryFor(x.Shape);
        var step = new ConvolutionStep(conv, bn, relu, x, g, out var y, owned, EnsureLayout);
        Add(step);
        return y;
    }

    /// <summary>x in the wanted layout: itself, or a new memory filled by a reorder step.</summary>
    private GraphValue EnsureLayout(GraphValue x, MemoryDesc wanted)
    {
        if (x.Desc.SameLayout(wanted)) return x;
        var converted = DnnlMemory.Allocate(wanted);
        owned.Add(converted);
        Add(new PrimitiveStep(DnnlPrimitive.Reorder(x.Desc, wanted),
            [new ExecArg(ExecArg.From, x.Memory.Handle), new ExecArg(ExecArg.To, converted.Handle)], "reorder"));
        return x with { Memory = converted };
    }

    private GraphValue Pooling(GraphValue x, int algorithm, int kernel, int stride, int padding)
    {
        if (x.Dims.Length != 4) throw new InvalidOperationException("Pooling needs (N, C, H, W).");
        long outH = (x.Dims[2] + 2 * padding - kernel) / stride + 1, outW = (x.Dims[3] + 2 * padding - kernel) / stride + 1;
        long[] outDims = [x.Dims[0], x.Dims[1], outH, outW];
        var src = x.Desc;
        var dst = MemoryDesc.Any(outDims);
        var op = default(LayerOpDesc);
        long* strides = stackalloc long[] { stride, stride };
        long* kernels = stackalloc long[] { kernel, kernel };
        long* dilation = stackalloc long[] { 0, 0 };
        long* pad = stackalloc long[] { padding, padding };
        DnnlException.Check(NativeMethods.dnnl_pooling_v2_forward_desc_init(&op, DnnlConstants.PropForwardInference, algorithm, &src, &dst, strides, kernels, dilation, pad, pad),
            "dnnl_pooling_v2_forward_desc_init");
        return Run(DnnlPrimitive.Create(&op, null, null, "pooling"), x, outDims, "pooling");
    }

    private GraphValue Resampling(GraphValue x, Upsample u)
    {
        long[] outDims = [x.Dims[0], x.Dims[1], x.Dims[2] * u.ScaleFactor, x.Dims[3] * u.ScaleFactor];
        var src = x.Desc;
        var dst = MemoryDesc.Any(outDims);
        var op = default(LayerOpDesc);
        float* factors = stackalloc float[] { u.ScaleFactor, u.ScaleFactor };
        var algorithm = u.Mode == UpsampleMode.Nearest ? DnnlConstants.ResamplingNearest : DnnlConstants.ResamplingLinear;
        DnnlException.Check(NativeMethods.dnnl_resampling_forward_desc_init(&op, DnnlConstants.PropForwardInference, algorithm, factors, &src, &dst),
            "dnnl_resampling_forward_desc_init");
        return Run(DnnlPrimitive.Create(&op, null, null, "resampling"), x, outDims, "upsample");
    }

    private GraphValue Eltwise(GraphValue x, int algorithm, float alpha)
    {
        var data = x.Desc;
        var op = default(LayerOpDesc);
        DnnlException.Check(NativeMethods.dnnl_eltwise_forward_desc_init(&op, DnnlConstants.PropForwardInference, algorithm, &data, alpha, 0f),
            "dnnl_eltwise_forward_desc_init");
        return Run(DnnlPrimitive.Create(&op, null, null, "eltwise"), x, x.Dims, "eltwise");
    }

    /// <summary>A single-source primitive: src = x, dst = a new memory in the layout it chose.</summary>
    private GraphValue Run(DnnlPrimitive primitive, GraphValue x, long[] outDims, string what)
    {
        var dst = DnnlMemory.Allocate(primitive.QueryLayout(DnnlConstants.QueryDstMd));
        owned.Add(dst);
        Add(new PrimitiveStep(primitive, [new ExecArg(ExecArg.Src, x.Memory.Handle), new ExecArg(ExecArg.Dst, dst.Handle)], what));
        return new GraphValue(dst, outDims);
    }

    private GraphValue Concat(GraphValue a, GraphValue b)
    {
        if (a.Dims.Length != 4 || b.Dims.Length != 4) throw new InvalidOperationException("SkipConcat needs (N, C, H, W) on both paths.");
        long[] outDims = [a.Dims[0], a.Dims[1] + b.Dims[1], a.Dims[2], a.Dims[3]];
        var dst = MemoryDesc.Any(outDims);
        var primitive = DnnlPrimitive.Concat(dst, [a.Desc, b.Desc], axis: 1);
        var output = DnnlMemory.Allocate(primitive.QueryLayout(DnnlConstants.QueryDstMd));
        owned.Add(output);
        Add(new PrimitiveStep(primitive, [
            new ExecArg(DnnlConstants.ArgMultipleSrc, a.Memory.Handle), new ExecArg(DnnlConstants.ArgMultipleSrc + 1, b.Memory.Handle),
            new ExecArg(ExecArg.Dst, output.Handle)], "concat"));
        return new GraphValue(output, outDims);
    }

    private GraphValue Add(GraphValue x, GraphValue inner)
    {
        var other = EnsureLayout(inner, x.Desc);
        var src0 = x.Desc; var src1 = other.Desc; var dst = x.Desc;
        var op = default(LayerOpDesc);
        DnnlException.Check(NativeMethods.dnnl_binary_desc_init(&op, DnnlConstants.BinaryAdd, &src0, &src1, &dst), "dnnl_binary_desc_init");
        var primitive = DnnlPrimitive.Create(&op, null, null, "binary add");
        var output = DnnlMemory.Allocate(x.Desc);
        owned.Add(output);
        Add(new PrimitiveStep(primitive, [
            new ExecArg(ExecArg.Src, x.Memory.Handle), new ExecArg(DnnlConstants.ArgSrc1, other.Memory.Handle), new ExecArg(ExecArg.Dst, output.Handle)], "residual add"));
        return new GraphValue(output, x.Dims);
    }

    private GraphValue Managed(Module module, GraphValue x)
    {
        var step = new ManagedStep(module, x, out var y);
        Add(step);
        return y;
    }
}
