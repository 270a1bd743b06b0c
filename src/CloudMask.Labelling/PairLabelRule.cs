namespace CloudMask.Labelling;

/// <summary>
/// The thresholds of <see cref="PairLabeller"/>, in reflectance units (TOA or BOA, the same for both
/// images). Differences are cloudy minus clear, after the two images' overall levels are matched
/// (<see cref="LevelMatchCap"/>). Why each value (docs/labels-from-pairs.md has the plots):
/// <list type="bullet">
/// <item>Clear: unchanged ground differs by less than ~0.02 in the visible between two clear dates
/// (1st-99th percentile -0.021..0.013 on the cloud-free pair ROIs1868_summer_31 and the series' clear
/// dates); vegetation moves NIR more, so NIR gets 0.04.</item>
/// <item>Thin cloud: a brightening from 0.03 in the visible that is spectrally flat (NIR rises at
/// least 0.4 as much, SWIR does not fall): haze and thin cloud add a nearly grey signal, while
/// drying vegetation, snow and wet soil change the bands unequally.</item>
/// <item>Cloud: from 0.15 in the visible with the cloudy blue band above 0.2 (opaque cloud: the
/// simulator's thick-cloud line, optical thickness 8, reflects ~0.375 in the VNIR, 0.25-0.35 above
/// vegetation; real cumulus brightens the visible by 0.3-0.8) and SWIR rising with it: snow, the other
/// bright visible surface, is dark at 1.6 um; ice cloud is dark there too but bright at 1.375 um.</item>
/// <item>Cirrus: a cloudy B10 (1.375 um) above 0.01 is high ice cloud whatever the visible says
/// (clear ground stays under 0.005 there, bright desert under 0.003).</item>
/// <item>Shadow: NIR and SWIR below 0.7 of the clear date, the visible not brighter, and lying where
/// the cloud mask, moved by the offset that best explains the dark pixels, falls: a shadow must
/// have a cloud that casts it (ground darkened by rain or tillage does not).</item>
/// </list>
/// </summary>
public sealed record PairLabelRule
{
    public float ClearVisible { get; init; } = 0.02f;
    public float ClearNir { get; init; } = 0.04f;
    public float ClearSwir { get; init; } = 0.03f;
    public float ClearCirrus { get; init; } = 0.005f;
    /// <summary>Clear: the cloudy date's brightness (blue to NIR summed) within this share of the clear date's, so that
    /// a shadow on dark ground (water, forest), small in absolute terms, is not taken for unchanged.</summary>
    public float ClearRatio { get; init; } = 0.15f;
    public float ThinVisible { get; init; } = 0.03f;
    /// <summary>Thin cloud: NIR brightening at least this share of the visible one.</summary>
    public float FlatNirShare { get; init; } = 0.4f;
    public float CloudVisible { get; init; } = 0.15f;
    public float CloudBlue { get; init; } = 0.2f;
    /// <summary>Cloud and thin cloud: SWIR brightening at least this share of the visible one (snow, wet soil fail it).</summary>
    public float SwirShare { get; init; } = 0.3f;
    public float CirrusBand { get; init; } = 0.01f;
    /// <summary>Cloudy over clear, in NIR and SWIR, below which a pixel is dark enough to be shadow.</summary>
    public float ShadowRatio { get; init; } = 0.7f;
    /// <summary>Normalised snow index of the cloudy pixel, (green - SWIR) / (green + SWIR), above which a brightening is taken for snow.</summary>
    public float SnowIndex { get; init; } = 0.4f;
    /// <summary>Pixels next to cloud (mixed, or shifted between the dates) within this many pixels stay undefined instead of clear.</summary>
    public int EdgeMargin { get; init; } = 2;
    /// <summary>Longest cloud-to-shadow offset searched, in pixels (1 km at 10 m: cloud tops to ~2 km at a 30 degree sun).</summary>
    public int ShadowSearch { get; init; } = 100;
    /// <summary>Share of the (shifted) cloud mask that must land on dark pixels for the shadow to be believed.</summary>
    public float ShadowOverlap { get; init; } = 0.15f;
    /// <summary>Share of the cloud-free pixels above which dark pixels mean the ground changed, not shadow.</summary>
    public float WholesaleDarkening { get; init; } = 0.3f;
    /// <summary>Largest overall level difference per band removed before the rules apply (the two dates' haze and sun).</summary>
    public float LevelMatchCap { get; init; } = 0.03f;

    public static PairLabelRule Default { get; } = new();
}
