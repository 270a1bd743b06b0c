using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>Pooling, resampling, eltwise, binary and concat: what the oneDNN inference graph needs
/// besides convolutions.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_pooling_v2_forward_desc_init(LayerOpDesc* desc, int propKind, int algorithm,
        MemoryDesc* src, MemoryDesc* dst, long* strides, long* kernel, long* dilation, long* paddingL, long* paddingR);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_resampling_forward_desc_init(LayerOpDesc* desc, int propKind, int algorithm,
        float* factors, MemoryDesc* src, MemoryDesc* dst);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_eltwise_forward_desc_init(LayerOpDesc* desc, int propKind, int algorithm,
        MemoryDesc* data, float alpha, float beta);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_binary_desc_init(LayerOpDesc* desc, int algorithm, MemoryDesc* src0, MemoryDesc* src1, MemoryDesc* dst);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_concat_primitive_desc_create(out IntPtr primitiveDesc, MemoryDesc* dst, int n, int concatDimension,
        MemoryDesc* srcs, IntPtr attr, IntPtr engine);
}
