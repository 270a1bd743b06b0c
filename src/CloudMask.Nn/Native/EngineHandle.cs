using Microsoft.Win32.SafeHandles;

namespace CloudMask.Nn.Native;

/// <summary>Owns one oneDNN engine (dnnl_engine_t); released exactly once through dnnl_engine_destroy.</summary>
internal sealed class EngineHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal EngineHandle() : base(ownsHandle: true) { }

    internal EngineHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle() => NativeMethods.dnnl_engine_destroy(handle) == DnnlStatus.Success;
}
