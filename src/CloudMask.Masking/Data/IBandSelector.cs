using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>Decides which of a sample's bands a network is fed, in which order.</summary>
public interface IBandSelector
{
    /// <summary>Band indices for a training batch (may be random); null when the sample cannot be used.</summary>
    int[]? ForTraining(IReadOnlyList<SpectralBand> bands, Random random);

    /// <summary>Band indices for validation sample number <paramref name="ordinal"/> (deterministic); null when the
    /// sample cannot be used.</summary>
    int[]? ForValidation(IReadOnlyList<SpectralBand> bands, int ordinal);

    /// <summary>How many different band choices <see cref="ForValidation"/> cycles through.</summary>
    int ValidationTurns => 1;
}

/// <summary>A fixed band list by name (the KappaMask U-Net): samples lacking one are skipped.</summary>
public sealed class NamedBandSelector(IReadOnlyList<string> names) : IBandSelector
{
    public int[]? ForTraining(IReadOnlyList<SpectralBand> bands, Random random) => ForValidation(bands, 0);

    public int[]? ForValidation(IReadOnlyList<SpectralBand> bands, int ordinal)
    {
        var indices = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            indices[i] = -1;
            for (var b = 0; b < bands.Count; b++)
                if (string.Equals(bands[b].Name, names[i], StringComparison.OrdinalIgnoreCase)) indices[i] = b;
            if (indices[i] < 0) return null;
        }
        return indices;
    }
}
