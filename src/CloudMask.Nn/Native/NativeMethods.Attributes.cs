using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

internal static partial class NativeMethods
{
    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_attr_create(out IntPtr attr);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_attr_destroy(IntPtr attr);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_primitive_attr_set_post_ops(IntPtr attr, IntPtr postOps);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_post_ops_create(out IntPtr postOps);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_post_ops_destroy(IntPtr postOps);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_post_ops_append_eltwise(IntPtr postOps, float scale, int algorithm, float alpha, float beta);
}
