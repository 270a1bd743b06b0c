using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN primitive descriptor (dnnl_primitive_desc_t); released exactly once through dnnl_primitive_desc_destroy.</summary>
internal sealed class PrimitiveDescHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal PrimitiveDescHandle() : base(ownsHandle: true) { }

    internal PrimitiveDescHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_primitive_desc_destroy(handle) == DnnlStatus.Success;
}
