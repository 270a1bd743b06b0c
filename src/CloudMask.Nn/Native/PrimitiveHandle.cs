using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN primitive (dnnl_primitive_t); released exactly once through dnnl_primitive_destroy.</summary>
internal sealed class PrimitiveHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal PrimitiveHandle() : base(ownsHandle: true) { }

    internal PrimitiveHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_primitive_destroy(handle) == DnnlStatus.Success;
}
