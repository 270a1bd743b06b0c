using CloudMask.Nn.Inference;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// cloudmask-any as an <see cref="ISegmentationModel"/>: uses every reflective band of the input
/// (0.35-2.6 um; others such as AOT or water vapour are ignored), at least three. The band
/// encoder runs managed; the body runs through a oneDNN <see cref="InferenceSession"/>.
/// </summary>
public sealed class CloudMaskAnyModel : INetworkModel, IDisposable
{
    /// <summary>The fewest reflective bands the model was trained to work with.</summary>
    public const int MinimumBands = 3;

    private readonly CloudMaskAnyNetwork network;
    private readonly SessionPool sessions;

    public CloudMaskAnyModel(CloudMaskAnyNetwork network, string id)
    {
        this.network = network ?? throw new ArgumentNullException(nameof(network));
        network.Eval();
        sessions = new SessionPool(network.Body);
        Id = id;
    }

    public string Id { get; }

    public CloudMaskAnyNetwork Network => network;

    /// <summary>Added to the logits before the softmax, the set for the input's <see cref="BandCoverage"/>
    /// (calibration; <see cref="LogitOffsetTable.None"/> by default).</summary>
    public LogitOffsetTable Offsets { get; init; } = LogitOffsetTable.None;

    /// <summary>The receptive field is far larger, but beyond ~32 px the influence is weak; the
    /// predictor's blending overlap handles the rest.</summary>
    public int ContextPixels => 32;

    public string? CheckBands(IReadOnlyList<SpectralBand> bands)
    {
        var usable = bands.Count(BandDescriptor.IsReflective);
        return usable >= MinimumBands ? null
            : $"cloudmask-any needs at least {MinimumBands} reflective bands (centre wavelength {BandDescriptor.MinWavelengthUm}-{BandDescriptor.MaxWavelengthUm} um); the input has {usable}";
    }

    public int SizeMultiple => network.Options.SizeMultiple;

    /// <summary>Every reflective band, in the input's order.</summary>
    public IReadOnlyList<int> NetworkBands(IReadOnlyList<SpectralBand> bands) =>
        Enumerable.Range(0, bands.Count).Where(i => BandDescriptor.IsReflective(bands[i])).ToArray();

    public void Predict(SpectralTile tile, Span<float> probabilities)
    {
        var indices = NetworkBands(tile.Bands);
        var bands = indices.Select(i => tile.Bands[i]).ToArray();
        using var input = NetworkTile.ToInput(tile, indices, null, SizeMultiple);
        using var features = network.Encoder.Encode(input, bands);
        // Callers on several threads (tiles in parallel) each get a session of their own.
        using var logits = sessions.Run(features);
        NetworkTile.ToProbabilities(logits, tile.Width, tile.Height, probabilities, Offsets.For(BandCoverages.Of(bands)));
    }

    public void Dispose()
    {
        sessions.Dispose();
        network.Dispose();
    }
}
