using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// cloudmask-any as a trainable module: <see cref="BandEncoder"/> (any bands to 2C channels)
/// followed by a <see cref="CompactUNet"/> body giving 4 class logits per pixel. Set
/// <see cref="Bands"/> to the input's bands before a training Forward.
/// </summary>
public sealed class CloudMaskAnyNetwork : Module
{
    public CloudMaskAnyNetwork(CloudMaskAnyOptions options)
    {
        options.Validate();
        Options = options;
        var random = new Random(options.Seed);
        Encoder = RegisterModule("encoder", new BandEncoder(options.BandFeatures, options.DescriptorHidden, random));
        Body = RegisterModule("body", CompactUNet.Build(2 * options.BandFeatures, options.Filters, options.Classes, options.BatchNorm, random));
    }

    public CloudMaskAnyOptions Options { get; }
    public BandEncoder Encoder { get; }
    public Sequential Body { get; }

    public IReadOnlyList<SpectralBand> Bands
    {
        get => Encoder.Bands;
        set => Encoder.Bands = value;
    }

    public override Tensor Forward(Tensor input) => Body.Forward(Encoder.Forward(input));

    public override Tensor Backward(Tensor gradOutput) => Encoder.Backward(Body.Backward(gradOutput));

    /// <summary>Forward FLOPs for one tile of the given size with <paramref name="bandCount"/> bands:
    /// the body's convolutions plus the encoder's 2 FLOPs (multiply-add) and 2 more (ReLU, pooling)
    /// per band, feature and pixel.</summary>
    public double ForwardFlops(int bandCount, int height, int width) =>
        CompactUNet.ForwardFlops(2 * Options.BandFeatures, Options.Filters, Options.Classes, height, width)
        + 4.0 * bandCount * Options.BandFeatures * height * width;
}
