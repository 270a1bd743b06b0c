using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

internal static partial class NativeMethods
{
    internal const int EngineKindCpu = 1;
    internal const uint StreamDefaultFlags = 1;

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_engine_create(out IntPtr engine, int kind, nuint index);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_engine_destroy(IntPtr engine);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_stream_create(out IntPtr stream, IntPtr engine, uint flags);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_stream_wait(IntPtr stream);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_stream_destroy(IntPtr stream);
}
