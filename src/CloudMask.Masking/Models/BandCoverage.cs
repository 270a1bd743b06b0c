using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// How far into the infrared an input's bands reach: the property that most changes what a
/// network can tell apart (bright ground and snow from cloud need the near or shortwave
/// infrared), and so the key under which per-input calibrations (<see cref="LogitOffsetTable"/>)
/// are kept. Judged on the reflective bands only (<see cref="BandDescriptor.IsReflective"/>).
/// </summary>
public enum BandCoverage
{
    /// <summary>Every band below 0.70 um: R, G, B (and coastal), e.g. a true-colour image.</summary>
    Visible,

    /// <summary>Bands up to 1.0 um: the visible plus red edge and near infrared (R, G, B, NIR).</summary>
    VisibleNearInfrared,

    /// <summary>At least one band beyond 1.0 um: SWIR or cirrus, e.g. all Sentinel-2 or Landsat bands.</summary>
    ShortwaveInfrared,
}

public static class BandCoverages
{
    /// <summary>The upper ends (um, exclusive) of <see cref="BandCoverage.Visible"/> and <see cref="BandCoverage.VisibleNearInfrared"/>.</summary>
    public const double VisibleLimitUm = 0.70, NearInfraredLimitUm = 1.0;

    /// <summary>The coverage of <paramref name="bands"/>' reflective bands; an input without any is refused.</summary>
    public static BandCoverage Of(IEnumerable<SpectralBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var reflective = bands.Where(BandDescriptor.IsReflective).ToList();
        if (reflective.Count == 0) throw new ArgumentException("the input has no reflective band", nameof(bands));
        var longest = reflective.Max(b => b.CentralWavelengthUm);
        return longest < VisibleLimitUm ? BandCoverage.Visible
            : longest < NearInfraredLimitUm ? BandCoverage.VisibleNearInfrared
            : BandCoverage.ShortwaveInfrared;
    }

    /// <summary>The name used in metadata keys and messages: visible, visible-nir, swir.</summary>
    public static string Name(this BandCoverage coverage) => coverage switch
    {
        BandCoverage.Visible => "visible",
        BandCoverage.VisibleNearInfrared => "visible-nir",
        BandCoverage.ShortwaveInfrared => "swir",
        _ => throw new ArgumentOutOfRangeException(nameof(coverage), coverage, null),
    };
}
