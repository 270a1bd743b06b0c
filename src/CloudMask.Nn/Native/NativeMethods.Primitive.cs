using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_desc_create(out IntPtr primitiveDesc, void* opDesc, IntPtr attr, IntPtr engine, IntPtr hintForward);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial MemoryDesc* dnnl_primitive_desc_query_md(IntPtr primitiveDesc, int what, int index);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_desc_query(IntPtr primitiveDesc, int what, int index, void* result);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_desc_destroy(IntPtr primitiveDesc);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_create(out IntPtr primitive, IntPtr primitiveDesc);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_execute(IntPtr primitive, IntPtr stream, int nargs, ExecArg* args);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_destroy(IntPtr primitive);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_reorder_primitive_desc_create(out IntPtr primitiveDesc, MemoryDesc* src, IntPtr srcEngine, MemoryDesc* dst, IntPtr dstEngine, IntPtr attr);
}
