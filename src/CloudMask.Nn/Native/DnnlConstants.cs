namespace CloudMask.Nn.Native;

/// <summary>Enumeration values of oneDNN 2.6 used here (dnnl_types.h, verified with gcc).</summary>
internal static class DnnlConstants
{
    internal const int PropForwardTraining = 64;
    internal const int PropForwardInference = 96;
    internal const int ConvolutionDirect = 1;
    internal const int ConvolutionAuto = 3;
    internal const int DeconvolutionDirect = 10;
    internal const int EltwiseRelu = 0x1f;
    internal const int EltwiseGeluErf = 0x30;
    internal const int EltwiseLogistic = 0xaf;
    internal const int PoolingMax = 0x1ff;
    internal const int PoolingAvgIncludePadding = 0x2ff;
    internal const int ResamplingNearest = 0x2fff0;
    internal const int ResamplingLinear = 0x2fff1;
    internal const int BinaryAdd = 0x1fff0;
    internal const int ArgMultipleSrc = 1024;
    internal const int ArgSrc1 = 2;
    internal const int FormatTagNhwc = 20;

    internal const int QueryImplInfoString = 8;
    internal const int QuerySrcMd = 129;
    internal const int QueryDiffSrcMd = 130;
    internal const int QueryWeightsMd = 131;
    internal const int QueryDiffWeightsMd = 132;
    internal const int QueryDstMd = 133;
    internal const int QueryDiffDstMd = 134;
}
