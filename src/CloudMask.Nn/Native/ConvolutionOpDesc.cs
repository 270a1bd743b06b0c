using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>dnnl_convolution_desc_t (and dnnl_deconvolution_desc_t, an alias) of oneDNN 2.6:
/// 5976 bytes (verified with gcc). Filled by the *_desc_init functions, never read from C#.</summary>
[StructLayout(LayoutKind.Sequential, Size = SizeInBytes)]
internal unsafe struct ConvolutionOpDesc
{
    internal const int SizeInBytes = 5976;
    private fixed byte bytes[SizeInBytes];
}
