using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN post-op chain (dnnl_post_ops_t); released exactly once through dnnl_post_ops_destroy.</summary>
internal sealed class PostOpsHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal PostOpsHandle() : base(ownsHandle: true) { }

    internal PostOpsHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_post_ops_destroy(handle) == DnnlStatus.Success;
}
