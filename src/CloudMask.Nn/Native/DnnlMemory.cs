namespace CloudMask.Nn.Native;

/// <summary>A oneDNN memory object: either a view of a caller's buffer (pointer set before each
/// execution) or a buffer the library allocated for a blocked layout it chose.</summary>
internal sealed unsafe class DnnlMemory : IDisposable
{
    private readonly MemoryHandle handle;

    private DnnlMemory(in MemoryDesc desc, IntPtr buffer)
    {
        Desc = desc;
        var d = desc;
        DnnlException.Check(NativeMethods.dnnl_memory_create(out var memory, &d, DnnlRuntime.Engine.DangerousGetHandle(), buffer), "dnnl_memory_create");
        handle = new MemoryHandle(memory);
    }

    internal MemoryDesc Desc { get; }

    internal IntPtr Handle => handle.DangerousGetHandle();

    /// <summary>Memory whose buffer the library owns (used for blocked intermediates).</summary>
    internal static DnnlMemory Allocate(in MemoryDesc desc) => new(desc, NativeMethods.MemoryAllocate);

    /// <summary>Memory over a caller buffer; point it at the data with <see cref="SetBuffer"/>.</summary>
    internal static DnnlMemory OverUserBuffer(in MemoryDesc desc) => new(desc, IntPtr.Zero);

    internal void SetBuffer(IntPtr buffer) =>
        DnnlException.Check(NativeMethods.dnnl_memory_set_data_handle(Handle, buffer), "dnnl_memory_set_data_handle");

    internal IntPtr Buffer
    {
        get
        {
            DnnlException.Check(NativeMethods.dnnl_memory_get_data_handle(Handle, out var p), "dnnl_memory_get_data_handle");
            return p;
        }
    }

    public void Dispose() => handle.Dispose();
}
