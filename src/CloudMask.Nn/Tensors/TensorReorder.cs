using CloudMask.Nn.Native;

namespace CloudMask.Nn.Tensors;

/// <summary>Copies a tensor between oneDNN layouts (plain NCHW and the blocked ones) with a
/// oneDNN reorder; oneDNN caches the primitive, so repeated shapes cost little to set up.</summary>
internal static class TensorReorder
{
    internal static MemoryDesc PlainLayout(ReadOnlySpan<int> shape)
    {
        var dims = new long[shape.Length];
        var strides = new long[shape.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--) { dims[i] = shape[i]; strides[i] = stride; stride *= shape[i]; }
        return MemoryDesc.ByStrides(dims, strides);
    }

    internal static void Run(Tensor source, in MemoryDesc from, Tensor target, in MemoryDesc to)
    {
        using var reorder = DnnlPrimitive.Reorder(from, to);
        using var src = DnnlMemory.OverUserBuffer(from);
        using var dst = DnnlMemory.OverUserBuffer(to);
        src.SetBuffer(source.Pointer);
        dst.SetBuffer(target.Pointer);
        reorder.Execute([new ExecArg(ExecArg.From, src.Handle), new ExecArg(ExecArg.To, dst.Handle)]);
        GC.KeepAlive(source);
        GC.KeepAlive(target);
    }
}
