using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>Room for the smaller oneDNN 2.6 operation descriptors, sizes verified with gcc:
/// dnnl_pooling_v2_desc_t 3288, dnnl_resampling_desc_t 2848, dnnl_binary_desc_t 2096,
/// dnnl_eltwise_desc_t 1416 bytes. Filled by the *_desc_init functions, never read from C#.</summary>
[StructLayout(LayoutKind.Sequential, Size = SizeInBytes)]
internal unsafe struct LayerOpDesc
{
    internal const int SizeInBytes = 3288;
    private fixed byte bytes[SizeInBytes];
}
