using CloudMask.Masking.Classes;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// One labelled image for training: band-major reflectance planes of Width x Height (NaN or 0
/// where there is no data), the bands' descriptions, and label codes in the project's classes
/// (0 missing, 1 clear, 2 shadow, 3 semi-transparent, 4 cloud, 5 undefined).
/// </summary>
public sealed record LabelledSample(string Name, IReadOnlyList<SpectralBand> Bands, int Width, int Height, float[][] Planes, byte[] Labels)
{
    /// <summary>Which classes the labels tell apart. Labels with fewer than four (a cloud/clear mask, a
    /// mask without a thin class or without shadow) train the network on what they do say: a "cloud"
    /// of a two-class label is right whether the network calls it thin or thick cloud.</summary>
    public LabelClassSet LabelClasses { get; init; } = LabelClassSet.Four;

    /// <summary>Checks that the arrays fit the stated size; returns the sample.</summary>
    public LabelledSample Validated()
    {
        if (Width <= 0 || Height <= 0) throw new ArgumentException($"{Name}: empty sample {Width}x{Height}");
        if (Planes.Length != Bands.Count) throw new ArgumentException($"{Name}: {Planes.Length} planes for {Bands.Count} bands");
        if (Planes.Any(p => p.Length != Width * Height) || Labels.Length != Width * Height)
            throw new ArgumentException($"{Name}: planes or labels do not hold {Width}x{Height} values");
        return this;
    }
}
