using CloudMask.Masking.Data;
using CloudMask.Masking.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Training;

/// <summary>What the trainer needs of a network: forward and backward on a batch, its parameters,
/// how it wants bands chosen, and how it is saved and turned into a segmentation model.</summary>
public interface ITrainableNetwork : IDisposable
{
    string Architecture { get; }
    Module Module { get; }
    /// <summary>Crop sides must be multiples of this.</summary>
    int SizeMultiple { get; }
    IBandSelector BandSelector { get; }

    /// <summary>Logits (N, 4, H, W) for reflectance (N, B, H, W) of <paramref name="bands"/>.</summary>
    Tensor Forward(Tensor input, IReadOnlyList<SpectralBand> bands);

    /// <summary>Backward of the last training Forward (parameter gradients accumulate).</summary>
    void Backward(Tensor gradLogits);

    void Save(string path, IReadOnlyDictionary<string, string> extraMetadata);
}

/// <summary>cloudmask-any for training: random band subsets, any bands.</summary>
public sealed class CloudMaskAnyTrainable(CloudMaskAnyNetwork network) : ITrainableNetwork
{
    public CloudMaskAnyNetwork Network { get; } = network;
    public string Architecture => CloudMaskAnyOptions.ArchitectureName;
    public Module Module => Network;
    public int SizeMultiple => Network.Options.SizeMultiple;
    public IBandSelector BandSelector { get; } = new RandomBandSubsets();

    public Tensor Forward(Tensor input, IReadOnlyList<SpectralBand> bands)
    {
        Network.Bands = bands;
        return Network.Forward(input);
    }

    public void Backward(Tensor gradLogits) => Network.Backward(gradLogits).Dispose();

    public void Save(string path, IReadOnlyDictionary<string, string> extraMetadata) => NetworkFile.Save(path, Network, extraMetadata);

    public void Dispose() => Network.Dispose();
}

/// <summary>The KappaMask U-Net for training: its fixed band set, min-max normalised here.</summary>
public sealed class KappaMaskTrainable : ITrainableNetwork
{
    private readonly float[] scales;

    public KappaMaskTrainable(KappaMaskUNetOptions options)
    {
        options.Validate();
        Options = options;
        Network = Nn.Models.UNet.Build(options.ToUNetOptions());
        BandSelector = new NamedBandSelector(options.BandNames);
        scales = options.BandMaxima.Select(m => 1f / m).ToArray();
    }

    public KappaMaskUNetOptions Options { get; }
    public Sequential Network { get; }
    public string Architecture => KappaMaskUNetOptions.ArchitectureName;
    public Module Module => Network;
    public int SizeMultiple => 1 << (Options.Levels - 1);
    public IBandSelector BandSelector { get; }

    public Tensor Forward(Tensor input, IReadOnlyList<SpectralBand> bands)
    {
        // The batch holds the bands in BandNames order (NamedBandSelector). Normalise a copy:
        // validation batches are reused every epoch.
        var scaled = input.Clone();
        var plane = input.Dim(2) * input.Dim(3);
        var span = scaled.Span;
        for (var n = 0; n < input.Dim(0); n++)
            for (var b = 0; b < input.Dim(1); b++)
                System.Numerics.Tensors.TensorPrimitives.Multiply(span.Slice((n * input.Dim(1) + b) * plane, plane), scales[b],
                    span.Slice((n * input.Dim(1) + b) * plane, plane));
        var logits = Network.Forward(scaled);
        // In training the first convolution keeps its input for backward; the collector frees it later.
        if (!Network.IsTraining) scaled.Dispose();
        return logits;
    }

    public void Backward(Tensor gradLogits) => Network.Backward(gradLogits).Dispose();

    public void Save(string path, IReadOnlyDictionary<string, string> extraMetadata) => NetworkFile.Save(path, Options, Network, extraMetadata);

    public void Dispose() => Network.Dispose();
}
