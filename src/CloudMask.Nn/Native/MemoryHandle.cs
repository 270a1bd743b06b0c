using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN memory object (dnnl_memory_t); a user buffer it wraps is not freed; released exactly once through dnnl_memory_destroy.</summary>
internal sealed class MemoryHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal MemoryHandle() : base(ownsHandle: true) { }

    internal MemoryHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_memory_destroy(handle) == DnnlStatus.Success;
}
