using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN execution stream (dnnl_stream_t); released exactly once through dnnl_stream_destroy.</summary>
internal sealed class StreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal StreamHandle() : base(ownsHandle: true) { }

    internal StreamHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_stream_destroy(handle) == DnnlStatus.Success;
}
