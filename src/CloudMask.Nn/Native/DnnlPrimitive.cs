using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>A primitive descriptor and the primitive built from it. The descriptor stays alive
/// because backward descriptors take the forward one as a hint and layouts are queried from it.</summary>
internal sealed unsafe class DnnlPrimitive : IDisposable
{
    private readonly PrimitiveDescHandle descriptor;
    private readonly PrimitiveHandle primitive;

    private DnnlPrimitive(IntPtr primitiveDesc, string operation)
    {
        descriptor = new PrimitiveDescHandle(primitiveDesc);
        DnnlException.Check(NativeMethods.dnnl_primitive_create(out var p, primitiveDesc), "dnnl_primitive_create", operation);
        primitive = new PrimitiveHandle(p);
        Operation = operation;
    }

    internal string Operation { get; }

    internal IntPtr Descriptor => descriptor.DangerousGetHandle();

    internal static DnnlPrimitive Create(void* opDesc, DnnlPrimitive? hint, AttrHandle? attr, string operation)
    {
        var status = NativeMethods.dnnl_primitive_desc_create(out var pd, opDesc,
            attr?.DangerousGetHandle() ?? IntPtr.Zero, DnnlRuntime.Engine.DangerousGetHandle(), hint?.Descriptor ?? IntPtr.Zero);
        DnnlException.Check(status, "dnnl_primitive_desc_create", operation);
        return new DnnlPrimitive(pd, operation);
    }

    internal static DnnlPrimitive Concat(in MemoryDesc dst, ReadOnlySpan<MemoryDesc> sources, int axis)
    {
        var d = dst;
        IntPtr pd;
        fixed (MemoryDesc* s = sources)
            DnnlException.Check(NativeMethods.dnnl_concat_primitive_desc_create(out pd, &d, sources.Length, axis, s, IntPtr.Zero, DnnlRuntime.Engine.DangerousGetHandle()),
                "dnnl_concat_primitive_desc_create");
        return new DnnlPrimitive(pd, "concat");
    }

    internal static DnnlPrimitive Reorder(in MemoryDesc from, in MemoryDesc to)
    {
        var engine = DnnlRuntime.Engine.DangerousGetHandle();
        var src = from;
        var dst = to;
        DnnlException.Check(NativeMethods.dnnl_reorder_primitive_desc_create(out var pd, &src, engine, &dst, engine, IntPtr.Zero),
            "dnnl_reorder_primitive_desc_create");
        return new DnnlPrimitive(pd, "reorder");
    }

    /// <summary>The layout the implementation chose for one of its arguments.</summary>
    internal MemoryDesc QueryLayout(int query)
    {
        var md = NativeMethods.dnnl_primitive_desc_query_md(Descriptor, query, 0);
        if (md == null) throw new DnnlException(DnnlStatus.InvalidArguments, "dnnl_primitive_desc_query_md", $"{Operation} has no argument {query}");
        return *md;
    }

    /// <summary>Name of the implementation oneDNN picked, e.g. "brgconv:avx512_core".</summary>
    internal string ImplementationName
    {
        get
        {
            IntPtr text;
            DnnlException.Check(NativeMethods.dnnl_primitive_desc_query(Descriptor, DnnlConstants.QueryImplInfoString, 0, &text), "dnnl_primitive_desc_query");
            return Marshal.PtrToStringAnsi(text) ?? "";
        }
    }

    internal void Execute(ReadOnlySpan<ExecArg> args)
    {
        var stream = DnnlRuntime.Stream.DangerousGetHandle();
        fixed (ExecArg* a = args)
            DnnlException.Check(NativeMethods.dnnl_primitive_execute(primitive.DangerousGetHandle(), stream, args.Length, a), "dnnl_primitive_execute", Operation);
        DnnlException.Check(NativeMethods.dnnl_stream_wait(stream), "dnnl_stream_wait", Operation);
    }

    public void Dispose()
    {
        primitive.Dispose();
        descriptor.Dispose();
    }
}
