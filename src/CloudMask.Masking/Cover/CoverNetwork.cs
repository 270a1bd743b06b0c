using CloudMask.Masking.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Cover;

/// <summary>
/// The cover network's feature extractor: cloudmask-any's <see cref="BandEncoder"/> (any bands
/// described by wavelength to 2C channels), three 3x3 stride-2 convolutions with ReLU
/// (64 -> 32 -> 16 -> 8 px), global average pooling and a linear map to
/// <see cref="FeatureDimension"/> features squashed into (0, 1) by a sigmoid (bounded features
/// keep RBF distances on the scale of a unit length scale).
/// A patch is (N, bands, 64, 64) reflectance; all patches of a batch share one band list.
/// </summary>
public sealed class CoverNetwork : Module
{
    public const int DefaultBandFeatures = 8, DefaultDescriptorHidden = 16, DefaultWidth = 32, DefaultFeatureDimension = 16;

    public CoverNetwork(int seed, int bandFeatures = DefaultBandFeatures, int descriptorHidden = DefaultDescriptorHidden,
        int width = DefaultWidth, int featureDimension = DefaultFeatureDimension)
    {
        var random = new Random(seed);
        (BandFeatures, DescriptorHidden, Width, FeatureDimension) = (bandFeatures, descriptorHidden, width, featureDimension);
        Encoder = RegisterModule("encoder", new BandEncoder(bandFeatures, descriptorHidden, random));
        var pooled = CoverPatch.Size / 8;
        Body = RegisterModule("body", new Sequential(
            new Conv2d(2 * bandFeatures, width / 2, 3, stride: 2, padding: 1, random: random), new ReLU(),
            new Conv2d(width / 2, width, 3, stride: 2, padding: 1, random: random), new ReLU(),
            new Conv2d(width, width, 3, stride: 2, padding: 1, random: random), new ReLU(),
            new AvgPool2d(pooled), new Flatten(),
            new Linear(width, featureDimension, random: random), new Sigmoid()));
    }

    public int BandFeatures { get; }
    public int DescriptorHidden { get; }
    public int Width { get; }
    public int FeatureDimension { get; }
    public BandEncoder Encoder { get; }
    public Sequential Body { get; }

    public IReadOnlyList<SpectralBand> Bands
    {
        get => Encoder.Bands;
        set => Encoder.Bands = value;
    }

    /// <summary>(N, bands, 64, 64) to (N, FeatureDimension).</summary>
    public override Tensor Forward(Tensor input)
    {
        if (IsTraining) return Body.Forward(Encoder.Forward(input));
        using var encoded = Encoder.Encode(input, Bands);
        return Body.Forward(encoded);
    }

    public override Tensor Backward(Tensor gradOutput) => Encoder.Backward(Body.Backward(gradOutput));

    /// <summary>The features of patches (any band lists; grouped internally), row-major count x FeatureDimension.</summary>
    public double[] Features(IReadOnlyList<CoverPatch> patches, int batchSize = 32)
    {
        var wasTraining = IsTraining;
        Eval();
        var result = new double[patches.Count * FeatureDimension];
        foreach (var group in Enumerable.Range(0, patches.Count).GroupBy(i => patches[i].BandKey))
            foreach (var chunk in group.Chunk(batchSize))
            {
                Bands = patches[chunk[0]].Bands;
                using var input = Input(chunk.Select(i => patches[i]).ToList());
                using var features = Forward(input);
                var f = features.ToArray();
                for (var k = 0; k < chunk.Length; k++)
                    for (var j = 0; j < FeatureDimension; j++) result[chunk[k] * FeatureDimension + j] = f[k * FeatureDimension + j];
            }
        Train(wasTraining);
        return result;
    }

    /// <summary>The network input of patches that share one band list.</summary>
    public static Tensor Input(IReadOnlyList<CoverPatch> patches)
    {
        int bands = patches[0].Bands.Count, plane = CoverPatch.Size * CoverPatch.Size;
        var input = new Tensor(patches.Count, bands, CoverPatch.Size, CoverPatch.Size);
        var span = input.Span;
        for (var n = 0; n < patches.Count; n++)
        {
            if (patches[n].Bands.Count != bands) throw new ArgumentException("patches of one batch must share their bands");
            for (var b = 0; b < bands; b++) patches[n].Planes[b].CopyTo(span.Slice((n * bands + b) * plane, plane));
        }
        return input;
    }

    public Dictionary<string, string> ToMetadata() => new()
    {
        ["band_features"] = BandFeatures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["descriptor_hidden"] = DescriptorHidden.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["width"] = Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["feature_dimension"] = FeatureDimension.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["patch_size"] = CoverPatch.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static CoverNetwork FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        int Get(string key) => metadata.TryGetValue(key, out var v) && int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i : throw new FormatException($"metadata '{key}' is missing or not an integer");
        if (Get("patch_size") != CoverPatch.Size) throw new FormatException($"patch size {Get("patch_size")} is not the {CoverPatch.Size} this build uses");
        return new CoverNetwork(0, Get("band_features"), Get("descriptor_hidden"), Get("width"), Get("feature_dimension"));
    }
}
