using CloudMask.Nn.Inference;
using CloudMask.Nn.Modules;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>The KappaMask U-Net as an <see cref="ISegmentationModel"/>: takes its fixed band set
/// by name, min-max normalises it, runs the network through a oneDNN inference session.</summary>
public sealed class KappaMaskUNetModel : INetworkModel, IDisposable
{
    private readonly Sequential network;
    private readonly SessionPool sessions;
    private readonly float[] scales;

    public KappaMaskUNetModel(KappaMaskUNetOptions options, Sequential network, string id)
    {
        Options = options;
        this.network = network;
        network.Eval();
        sessions = new SessionPool(network);
        scales = options.BandMaxima.Select(m => 1f / m).ToArray();
        Id = id;
    }

    public KappaMaskUNetOptions Options { get; }
    public string Id { get; }

    /// <summary>The U-Net (eval mode): min-max scaled bands in, 4 class logits out.</summary>
    public Sequential Network => network;

    public int SizeMultiple => 1 << (Options.Levels - 1);

    /// <summary>Added to the logits before the softmax, the set for the input's <see cref="BandCoverage"/>
    /// (calibration; <see cref="LogitOffsetTable.None"/> by default).</summary>
    public LogitOffsetTable Offsets { get; init; } = LogitOffsetTable.None;
    public int ContextPixels => 32;

    public string? CheckBands(IReadOnlyList<SpectralBand> bands)
    {
        var missing = Options.BandNames.Where(n => !bands.Any(b => string.Equals(b.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        return missing.Count == 0 ? null
            : $"kappamask-unet ({Options.BandSet}) needs bands {string.Join(' ', Options.BandNames)}; missing {string.Join(' ', missing)}";
    }

    /// <summary>Its fixed bands by name, in <see cref="KappaMaskUNetOptions.BandNames"/> order.</summary>
    public IReadOnlyList<int> NetworkBands(IReadOnlyList<SpectralBand> bands) => Options.BandNames.Select(n => IndexOf(bands, n)).ToArray();

    public void Predict(SpectralTile tile, Span<float> probabilities)
    {
        var indices = NetworkBands(tile.Bands);
        using var input = NetworkTile.ToInput(tile, indices, scales, SizeMultiple);
        // Callers on several threads (tiles in parallel) each get a session of their own.
        using var logits = sessions.Run(input);
        NetworkTile.ToProbabilities(logits, tile.Width, tile.Height, probabilities, Offsets.For(BandCoverages.Of(indices.Select(i => tile.Bands[i]))));
    }

    internal static int IndexOf(IReadOnlyList<SpectralBand> bands, string name)
    {
        for (var i = 0; i < bands.Count; i++)
            if (string.Equals(bands[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new KeyNotFoundException($"band {name} is not in the input");
    }

    public void Dispose()
    {
        sessions.Dispose();
        network.Dispose();
    }
}
