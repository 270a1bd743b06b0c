namespace CloudMask.Nn.Modules;

/// <summary>2-D convolution as torch.nn.Conv2d (square kernel, symmetric padding): weight
/// (out, in/groups, k, k), optional bias (out). Runs on oneDNN.</summary>
public sealed class Conv2d : ConvolutionBase
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1,
        bool bias = true, Random? random = null)
        : base(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, transposed: false, random) { }
}
