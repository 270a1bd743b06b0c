using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>Convolution and deconvolution descriptors (oneDNN 2.x "desc_init" API). Both fill an
/// opaque <see cref="ConvolutionOpDesc"/>; the dilated variants cover dilation 1 too (dilate 0).</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_dilated_convolution_forward_desc_init(ConvolutionOpDesc* desc, int propKind, int algorithm,
        MemoryDesc* src, MemoryDesc* weights, MemoryDesc* bias, MemoryDesc* dst, long* strides, long* dilates, long* paddingL, long* paddingR);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_dilated_convolution_backward_data_desc_init(ConvolutionOpDesc* desc, int algorithm,
        MemoryDesc* diffSrc, MemoryDesc* weights, MemoryDesc* diffDst, long* strides, long* dilates, long* paddingL, long* paddingR);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_dilated_convolution_backward_weights_desc_init(ConvolutionOpDesc* desc, int algorithm,
        MemoryDesc* src, MemoryDesc* diffWeights, MemoryDesc* diffBias, MemoryDesc* diffDst, long* strides, long* dilates, long* paddingL, long* paddingR);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_dilated_deconvolution_forward_desc_init(ConvolutionOpDesc* desc, int propKind, int algorithm,
        MemoryDesc* src, MemoryDesc* weights, MemoryDesc* bias, MemoryDesc* dst, long* strides, long* dilates, long* paddingL, long* paddingR);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_dilated_deconvolution_backward_data_desc_init(ConvolutionOpDesc* desc, int algorithm,
        MemoryDesc* diffSrc, MemoryDesc* weights, MemoryDesc* diffDst, long* strides, long* dilates, long* paddingL, long* paddingR);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_dilated_deconvolution_backward_weights_desc_init(ConvolutionOpDesc* desc, int algorithm,
        MemoryDesc* src, MemoryDesc* diffWeights, MemoryDesc* diffBias, MemoryDesc* diffDst, long* strides, long* dilates, long* paddingL, long* paddingR);
}
