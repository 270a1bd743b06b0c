namespace CloudMask.Nn.Kernels;

/// <summary>Everything that fixes the shape of one 2-D (transposed) convolution call, with
/// PyTorch's conventions: dilation 1 means dense, weights are (OC, IC/G, KH, KW) for a
/// convolution and (IC, OC/G, KH, KW) for a transposed convolution.</summary>
public readonly record struct ConvGeometry(
    int Batch, int InChannels, int Height, int Width, int OutChannels,
    int KernelH, int KernelW, int StrideH = 1, int StrideW = 1, int PadH = 0, int PadW = 0,
    int DilationH = 1, int DilationW = 1, int Groups = 1, bool Transposed = false)
{
    public int OutHeight => Transposed
        ? (Height - 1) * StrideH - 2 * PadH + DilationH * (KernelH - 1) + 1
        : (Height + 2 * PadH - DilationH * (KernelH - 1) - 1) / StrideH + 1;

    public int OutWidth => Transposed
        ? (Width - 1) * StrideW - 2 * PadW + DilationW * (KernelW - 1) + 1
        : (Width + 2 * PadW - DilationW * (KernelW - 1) - 1) / StrideW + 1;

    public int[] InputShape => [Batch, InChannels, Height, Width];
    public int[] OutputShape => [Batch, OutChannels, OutHeight, OutWidth];

    public int[] WeightShape => Transposed
        ? [InChannels, OutChannels / Groups, KernelH, KernelW]
        : [OutChannels, InChannels / Groups, KernelH, KernelW];

    /// <summary>Multiply-adds x 2 of the forward pass (also the cost of each backward pass).</summary>
    public double Flops => 2.0 * Batch * (Transposed ? (double)Height * Width * InChannels : (double)OutHeight * OutWidth * OutChannels)
        * (Transposed ? OutChannels / Groups : InChannels / Groups) * KernelH * KernelW;

    public void Validate()
    {
        if (Batch <= 0 || InChannels <= 0 || OutChannels <= 0 || Height <= 0 || Width <= 0)
            throw new ArgumentException($"Sizes must be positive: {this}.");
        if (KernelH <= 0 || KernelW <= 0 || StrideH <= 0 || StrideW <= 0 || DilationH <= 0 || DilationW <= 0 || PadH < 0 || PadW < 0)
            throw new ArgumentException($"Kernel, stride and dilation must be positive and padding non-negative: {this}.");
        if (Groups <= 0 || InChannels % Groups != 0 || OutChannels % Groups != 0)
            throw new ArgumentException($"Groups ({Groups}) must divide the input ({InChannels}) and output ({OutChannels}) channels.");
        if (OutHeight <= 0 || OutWidth <= 0)
            throw new ArgumentException($"The kernel does not fit the input: {this}.");
    }

    /// <summary>This convolution with input and output swapped, which is what a transposed
    /// convolution computes in its forward pass (the backward-data pass of the swapped conv).</summary>
    internal ConvGeometry AsForwardConvolutionOfTransposed() => this with
    {
        InChannels = OutChannels, OutChannels = InChannels, Height = OutHeight, Width = OutWidth, Transposed = false,
    };
}
