namespace CloudMask.Nn.Modules;

/// <summary>Transposed 2-D convolution as torch.nn.ConvTranspose2d (no output padding): weight
/// (in, out/groups, k, k), optional bias (out). Runs on oneDNN's deconvolution.</summary>
public sealed class ConvTranspose2d : ConvolutionBase
{
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1,
        bool bias = true, Random? random = null)
        : base(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, transposed: true, random) { }
}
