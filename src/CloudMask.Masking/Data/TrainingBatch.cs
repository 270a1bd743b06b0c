using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// A batch ready for a network: (N, B, H, W) reflectance of <see cref="Bands"/> (no-data as 0),
/// and one target per pixel in N, H, W order: the class index 0..3 (clear, shadow,
/// semi-transparent, cloud), or <see cref="Ignore"/> for labels 0 (missing) and 5 (undefined).
/// </summary>
public sealed class TrainingBatch(Tensor input, IReadOnlyList<SpectralBand> bands, int[] targets) : IDisposable
{
    public const int Ignore = -1;

    public Tensor Input { get; } = input;
    public IReadOnlyList<SpectralBand> Bands { get; } = bands;
    public int[] Targets { get; } = targets;
    public int Size => Input.Dim(0);

    /// <summary>How much this batch counts in the validation loss (its source's share over its
    /// number of validation batches, so a source with many small samples does not outvote one
    /// with few: validation weighs sources as training does).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Target for a label code: 1..4 give 0..3; 0, 5 and anything else are ignored.</summary>
    public static int TargetOf(byte label) => label is >= 1 and <= 4 ? label - 1 : Ignore;

    public void Dispose() => Input.Dispose();
}
