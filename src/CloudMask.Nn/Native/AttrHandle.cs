using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN primitive attribute set (dnnl_primitive_attr_t); released exactly once through dnnl_primitive_attr_destroy.</summary>
internal sealed class AttrHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal AttrHandle() : base(ownsHandle: true) { }

    internal AttrHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_primitive_attr_destroy(handle) == DnnlStatus.Success;
}
