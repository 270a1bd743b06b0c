using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// Band sampling for cloudmask-any, so that one network learns to work with whatever an input
/// offers. Per batch: one of the band sets users actually have (by default 20 % of batches: RGB,
/// RGB+NIR, RGB+NIR+SWIR, Sentinel-2's ten 10/20 m bands; taken as the bands nearest those
/// wavelengths; a sensor without them gets all bands), and of the other batches half get all
/// reflective bands and half a random subset of at least <see cref="MinimumBands"/> bands, in shuffled order
/// (order must not matter to the network, so training should not let it). Validation takes
/// the sets in turn, sample by sample (all bands, RGB, RGB+NIR, RGB+NIR+SWIR, S2 10 bands), so the checkpoint
/// that validation picks is one that works on every band set users have, not only on all bands.
/// </summary>
public sealed class RandomBandSubsets : IBandSelector
{
    public const int MinimumBands = CloudMaskAnyModel.MinimumBands;
    public const double DefaultCommonSetShare = 0.2;

    /// <summary>Names of the band sets users have (`evaluate --bands` presets), in validation order.</summary>
    public static IReadOnlyList<string> CommonSetNames { get; } = ["rgb", "rgbn", "rgbn-swir", "s2-10"];

    private readonly double allBandsShare;
    private readonly double commonSetShare;
    private readonly BandChoice[] trainingSets;

    /// <param name="commonSetShare">Share of training batches given one of the common band sets (0-1).
    /// More of them teaches the network what a band set without the atmospheric bands (B01, B09, B10)
    /// can and cannot tell, where a random subset rarely drops all three.</param>
    /// <param name="trainingSetNames">Which of <see cref="CommonSetNames"/> training draws (null: all);
    /// validation scores all of them regardless, so the checkpoint still answers for each.</param>
    public RandomBandSubsets(double commonSetShare = DefaultCommonSetShare, IReadOnlyList<string>? trainingSetNames = null)
    {
        if (commonSetShare is not (>= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(commonSetShare), commonSetShare, "the share of common band sets must be between 0 and 1");
        trainingSetNames ??= CommonSetNames;
        if (trainingSetNames.Count == 0 || trainingSetNames.Any(n => !CommonSetNames.Contains(n)))
            throw new ArgumentException($"common band sets must be some of {string.Join(", ", CommonSetNames)}", nameof(trainingSetNames));
        this.commonSetShare = commonSetShare;
        allBandsShare = (1 - commonSetShare) / 2;
        trainingSets = trainingSetNames.Distinct().Select(BandChoice.Parse).ToArray();
    }

    // The band sets users have, chosen by wavelength as `evaluate --bands` does.
    private static readonly BandChoice[] CommonSets = CommonSetNames.Select(BandChoice.Parse).ToArray();

    public int[]? ForTraining(IReadOnlyList<SpectralBand> bands, Random random)
    {
        var usable = Reflective(bands);
        if (usable.Count < MinimumBands) return null;
        var draw = random.NextDouble();
        List<int> chosen;
        if (draw < allBandsShare) chosen = usable;
        else if (draw < allBandsShare + commonSetShare) chosen = Common(bands, usable, trainingSets[random.Next(trainingSets.Length)]);
        else
        {
            var count = random.Next(MinimumBands, usable.Count + 1);
            chosen = usable.OrderBy(_ => random.Next()).Take(count).ToList();
        }
        var shuffled = chosen.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    public int ValidationTurns => CommonSets.Length + 1;

    public int[]? ForValidation(IReadOnlyList<SpectralBand> bands, int ordinal)
    {
        var usable = Reflective(bands);
        if (usable.Count < MinimumBands) return null;
        var turn = ordinal % ValidationTurns;
        return (turn == 0 ? usable : Common(bands, usable, CommonSets[turn - 1])).ToArray();
    }

    private static List<int> Reflective(IReadOnlyList<SpectralBand> bands) =>
        Enumerable.Range(0, bands.Count).Where(i => BandDescriptor.IsReflective(bands[i])).ToList();

    /// <summary>The common set's bands, or all usable bands when the sensor lacks one of them.</summary>
    private static List<int> Common(IReadOnlyList<SpectralBand> bands, List<int> usable, BandChoice set) =>
        set.TrySelect(bands) is { } chosen ? chosen.ToList() : usable;
}
