namespace CloudMask.Simulation.Atmosphere;

/// <summary>
/// What the sky holds: the fraction of the scene each cloud type covers, how thick each gets and
/// how high it floats. Cover fractions are targets for the noise thresholds, so the drawn cover
/// of a small window varies around them like real cloud cover does.
/// </summary>
/// <param name="CumulusCover">Fraction of sky under cumulus (small, bright, sharp-edged cells, 1-3 km up).</param>
/// <param name="StratusCover">Fraction under stratus (broad, smooth sheets, 0.5-2 km up).</param>
/// <param name="CirrusCover">Fraction under cirrus (thin, streaky ice cloud, 8-12 km up).</param>
/// <param name="CumulusMaxTau">Optical thickness at the core of a cumulus cell.</param>
/// <param name="StratusMaxTau">Optical thickness of a stratus sheet's thick parts.</param>
/// <param name="CirrusMaxTau">Optical thickness of the densest cirrus streaks.</param>
/// <param name="LowCloudHeightM">Cloud height of the low layer (cumulus and stratus).</param>
/// <param name="CirrusHeightM">Cloud height of the cirrus layer.</param>
/// <param name="CirrusWindDeg">Direction the cirrus streaks run, degrees clockwise from north.</param>
/// <param name="GlaciatedLowLayer">The thick layer is ice, not water: anvils and thick cirrostratus
/// high up. Bright in the visible like any thick cloud, but dark in the SWIR like snow (ice absorbs
/// at 1.6 and 2.2 um) and, being high, bright in the 1.38 um cirrus band: the cloud that a
/// snow test alone calls clear.</param>
public sealed record CloudRecipe(
    double CumulusCover,
    double StratusCover,
    double CirrusCover,
    double CumulusMaxTau = 40,
    double StratusMaxTau = 25,
    double CirrusMaxTau = 1.2,
    double LowCloudHeightM = 2000,
    double CirrusHeightM = 10000,
    double CirrusWindDeg = 60,
    bool GlaciatedLowLayer = false)
{
    public static CloudRecipe Clear { get; } = new(0, 0, 0);
}
