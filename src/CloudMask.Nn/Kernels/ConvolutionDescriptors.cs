using CloudMask.Nn.Native;

namespace CloudMask.Nn.Kernels;

/// <summary>Builds oneDNN convolution and deconvolution primitives for a <see cref="ConvGeometry"/>,
/// with every layout `any` so that oneDNN picks its fast blocked ones. Shared by the training
/// kernel (<see cref="DnnlConvolution"/>) and the compiled inference plan.</summary>
internal static unsafe class ConvolutionDescriptors
{
    // oneDNN's logical dims: src (N, C, H, W), dst (N, OC, OH, OW), weights (OC, IC, KH, KW)
    // or (G, OC/G, IC/G, KH, KW) for both convolution and deconvolution.
    internal static long[] SrcDims(ConvGeometry g) => [g.Batch, g.InChannels, g.Height, g.Width];
    internal static long[] DstDims(ConvGeometry g) => [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth];
    internal static long[] WeightDims(ConvGeometry g) => g.Groups == 1
        ? [g.OutChannels, g.InChannels, g.KernelH, g.KernelW]
        : [g.Groups, g.OutChannels / g.Groups, g.InChannels / g.Groups, g.KernelH, g.KernelW];

    /// <summary>PyTorch's weight layouts: conv (OC, IC/G, ...) is oihw/goihw; transposed conv
    /// (IC, OC/G, ...) is iohw/giohw in oneDNN's terms (tag values from dnnl_types.h).</summary>
    internal static MemoryDesc UserWeights(ConvGeometry g)
    {
        const int oihw = 5, goihw = 7, iohw = 24, giohw = 18;
        var tag = g.Groups == 1 ? (g.Transposed ? iohw : oihw) : (g.Transposed ? giohw : goihw);
        return MemoryDesc.ByTag(WeightDims(g), tag);
    }

    internal static MemoryDesc Bias(ConvGeometry g) => MemoryDesc.ByTag([g.OutChannels], MemoryDesc.FormatTagX);

    internal static DnnlPrimitive Forward(ConvGeometry g, bool hasBias, bool fuseRelu, bool training = false)
    {
        var src = MemoryDesc.Any(SrcDims(g));
        var dst = MemoryDesc.Any(DstDims(g));
        var weights = MemoryDesc.Any(WeightDims(g));
        var bias = hasBias ? Bias(g) : default;
        var op = default(ConvolutionOpDesc);
        var prop = training ? DnnlConstants.PropForwardTraining : DnnlConstants.PropForwardInference;
        var p = new ConvParams(g);
        var status = g.Transposed
            ? NativeMethods.dnnl_dilated_deconvolution_forward_desc_init(&op, prop, DnnlConstants.DeconvolutionDirect, &src, &weights, hasBias ? &bias : null, &dst, p.Strides, p.Dilates, p.Pad, p.Pad)
            : NativeMethods.dnnl_dilated_convolution_forward_desc_init(&op, prop, DnnlConstants.ConvolutionDirect, &src, &weights, hasBias ? &bias : null, &dst, p.Strides, p.Dilates, p.Pad, p.Pad);
        DnnlException.Check(status, g.Transposed ? "dnnl_dilated_deconvolution_forward_desc_init" : "dnnl_dilated_convolution_forward_desc_init", g.ToString());
        using var attr = fuseRelu ? ReluAttribute() : null;
        return DnnlPrimitive.Create(&op, null, attr, Name(g) + " forward");
    }

    internal static DnnlPrimitive BackwardData(ConvGeometry g, DnnlPrimitive forwardHint)
    {
        var diffSrc = MemoryDesc.Any(SrcDims(g));
        var diffDst = MemoryDesc.Any(DstDims(g));
        var weights = MemoryDesc.Any(WeightDims(g));
        var op = default(ConvolutionOpDesc);
        var p = new ConvParams(g);
        var status = g.Transposed
            ? NativeMethods.dnnl_dilated_deconvolution_backward_data_desc_init(&op, DnnlConstants.DeconvolutionDirect, &diffSrc, &weights, &diffDst, p.Strides, p.Dilates, p.Pad, p.Pad)
            : NativeMethods.dnnl_dilated_convolution_backward_data_desc_init(&op, DnnlConstants.ConvolutionDirect, &diffSrc, &weights, &diffDst, p.Strides, p.Dilates, p.Pad, p.Pad);
        DnnlException.Check(status, Name(g) + " backward_data_desc_init", g.ToString());
        return DnnlPrimitive.Create(&op, forwardHint, null, Name(g) + " backward data");
    }

    internal static DnnlPrimitive BackwardWeights(ConvGeometry g, bool hasBias, DnnlPrimitive forwardHint)
    {
        var src = MemoryDesc.Any(SrcDims(g));
        var diffDst = MemoryDesc.Any(DstDims(g));
        var diffWeights = MemoryDesc.Any(WeightDims(g));
        var diffBias = hasBias ? Bias(g) : default;
        var op = default(ConvolutionOpDesc);
        var p = new ConvParams(g);
        var status = g.Transposed
            ? NativeMethods.dnnl_dilated_deconvolution_backward_weights_desc_init(&op, DnnlConstants.DeconvolutionDirect, &src, &diffWeights, hasBias ? &diffBias : null, &diffDst, p.Strides, p.Dilates, p.Pad, p.Pad)
            : NativeMethods.dnnl_dilated_convolution_backward_weights_desc_init(&op, DnnlConstants.ConvolutionDirect, &src, &diffWeights, hasBias ? &diffBias : null, &diffDst, p.Strides, p.Dilates, p.Pad, p.Pad);
        DnnlException.Check(status, Name(g) + " backward_weights_desc_init", g.ToString());
        return DnnlPrimitive.Create(&op, forwardHint, null, Name(g) + " backward weights");
    }

    private static string Name(ConvGeometry g) => g.Transposed ? "deconvolution" : "convolution";

    private static AttrHandle ReluAttribute()
    {
        DnnlException.Check(NativeMethods.dnnl_post_ops_create(out var po), "dnnl_post_ops_create");
        using var postOps = new PostOpsHandle(po);
        DnnlException.Check(NativeMethods.dnnl_post_ops_append_eltwise(po, 1f, DnnlConstants.EltwiseRelu, 0f, 0f), "dnnl_post_ops_append_eltwise");
        DnnlException.Check(NativeMethods.dnnl_primitive_attr_create(out var a), "dnnl_primitive_attr_create");
        var attr = new AttrHandle(a);
        DnnlException.Check(NativeMethods.dnnl_primitive_attr_set_post_ops(a, po), "dnnl_primitive_attr_set_post_ops");
        return attr;
    }

    /// <summary>Strides, dilations (oneDNN counts them from 0: dense is 0) and symmetric padding,
    /// in a fixed buffer of a stack local so their addresses stay put during the native call.</summary>
    private struct ConvParams
    {
        private fixed long values[6];

        internal ConvParams(ConvGeometry g)
        {
            values[0] = g.StrideH; values[1] = g.StrideW;
            values[2] = g.DilationH - 1; values[3] = g.DilationW - 1;
            values[4] = g.PadH; values[5] = g.PadW;
        }

        internal long* Strides { get { fixed (long* p = values) return p; } }
        internal long* Dilates { get { fixed (long* p = values) return p + 2; } }
        internal long* Pad { get { fixed (long* p = values) return p + 4; } }
    }
}
