using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// Band sampling for cloudmask-any, so that one network learns to work with whatever an input
/// offers. Per batch: all reflective bands (40 %), one of the band sets users actually have
/// (20 %: RGB, RGB+NIR, RGB+NIR+SWIR; taken as the bands nearest those wavelengths), or a
/// random subset of at least <see cref="MinimumBands"/> bands (40 %), in shuffled order
/// (order must not matter to the network, so training should not let it). Validation takes
/// the sets in turn, sample by sample (all bands, RGB, RGB+NIR, RGB+NIR+SWIR), so the checkpoint
/// that validation picks is one that works on every band set users have, not only on all bands.
/// </summary>
public sealed class RandomBandSubsets : IBandSelector
{
    public const int MinimumBands = CloudMaskAnyModel.MinimumBands;

    // Blue, green, red, NIR, SWIR 1.6, SWIR 2.2 (um).
    private static readonly double[][] CommonSets =
    [
        [0.49, 0.56, 0.665],
        [0.49, 0.56, 0.665, 0.842],
        [0.49, 0.56, 0.665, 0.842, 1.61, 2.19],
    ];

    public int[]? ForTraining(IReadOnlyList<SpectralBand> bands, Random random)
    {
        var usable = Reflective(bands);
        if (usable.Count < MinimumBands) return null;
        var draw = random.NextDouble();
        List<int> chosen;
        if (draw < 0.4) chosen = usable;
        else if (draw < 0.6) chosen = Nearest(bands, usable, CommonSets[random.Next(CommonSets.Length)]);
        else
        {
            var count = random.Next(MinimumBands, usable.Count + 1);
            chosen = usable.OrderBy(_ => random.Next()).Take(count).ToList();
        }
        var shuffled = chosen.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    public int[]? ForValidation(IReadOnlyList<SpectralBand> bands, int ordinal)
    {
        var usable = Reflective(bands);
        if (usable.Count < MinimumBands) return null;
        var turn = ordinal % (CommonSets.Length + 1);
        return (turn == 0 ? usable : Nearest(bands, usable, CommonSets[turn - 1])).ToArray();
    }

    private static List<int> Reflective(IReadOnlyList<SpectralBand> bands) =>
        Enumerable.Range(0, bands.Count).Where(i => BandDescriptor.IsReflective(bands[i])).ToList();

    /// <summary>For each wanted wavelength the nearest band (within 15 %), without repeats.</summary>
    private static List<int> Nearest(IReadOnlyList<SpectralBand> bands, List<int> usable, double[] wavelengths)
    {
        var chosen = new List<int>();
        foreach (var w in wavelengths)
        {
            var best = usable.Where(i => !chosen.Contains(i))
                .OrderBy(i => Math.Abs(bands[i].CentralWavelengthUm - w)).FirstOrDefault(-1);
            if (best >= 0 && Math.Abs(bands[best].CentralWavelengthUm - w) / w < 0.15) chosen.Add(best);
        }
        return chosen.Count >= MinimumBands ? chosen : usable;
    }
}
