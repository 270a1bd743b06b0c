using CloudMask.Nn.Native;

namespace CloudMask.Nn.Tensors;

/// <summary>oneDNN's nChw16c layout (dims N, C, H, W stored as [N][C/16][H][W][16]), the layout its
/// AVX-512 convolutions choose for training batches. With C a multiple of 16 it has no padding, so
/// managed kernels (pooling, upsampling, concatenation) can work on it as N*C/16 planes of H*W
/// vectors of 16 channels, and the convolutions around them need no reorders.</summary>
internal static class ChannelBlocked16
{
    internal const int Block = 16;
    private const int FormatTagNChw16c = 69;

    internal static MemoryDesc Layout(ReadOnlySpan<int> shape) =>
        MemoryDesc.ByTag([shape[0], shape[1], shape[2], shape[3]], FormatTagNChw16c);

    /// <summary>True when the tensor is 4-D, has a channel count divisible by 16 and is in nChw16c.</summary>
    internal static bool Is(Tensor t) =>
        t.BlockedLayout is { } layout && t.Rank == 4 && t.Dim(1) % Block == 0 && layout.SameLayout(Layout(t.Shape));

    internal static Tensor Create(int[] shape, bool clear = false) => Tensor.InLayout(shape, Layout(shape), clear);
}
