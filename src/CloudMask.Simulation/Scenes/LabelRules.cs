namespace CloudMask.Simulation.Scenes;

/// <summary>
/// How the exact simulated state of a pixel becomes a label. The thresholds are physical:
///
/// - Cloud (4): total optical thickness (low layer + cirrus, as seen along the view path)
///   tau >= <see cref="ThickCloudTau"/> = 8. With the two-stream model of CloudOptics a water
///   cloud of tau 8 reflects 0.375 in the VNIR and passes only about 0.36 of the surface signal
///   (0.63 on the way up, times the sunlight its slant path lets down at a sun zenith of 35
///   degrees), so the cloud dominates what the sensor sees; the
///   ISCCP scheme puts the "thin" limit at tau 3.6 and "thick" from tau 23 - 8 sits in between.
/// - Semi-transparent cloud (3): <see cref="ThinCloudTau"/> = 0.3 <= tau < 8. Below tau 0.3
///   a cloud adds less than about 0.03 to VNIR reflectance, comparable to haze, and counts as clear.
/// - Shadow (2): not cloud, and clouds on the path towards the sun cut the sunlight
///   to at most <see cref="ShadowSunlight"/> = 50 % (two-stream transmittance of the slant
///   path, 2 / (2 + (1-g) tau / cos sza): (1-g) tau / cos sza >= 2, so for water clouds tau >= 11.5
///   at a sun zenith of 30 degrees and >= 6.7 at 60). Sky light still reaches shadows, so they are
///   darkened, not black; thin cloud dims the ground too little to count as shadow.
/// - Missing (0): outside the sensor swath (no data). Everything else is clear (1).
/// </summary>
public static class LabelRules
{
    public const float ThickCloudTau = 8f;
    public const float ThinCloudTau = 0.3f;
    public const float ShadowSunlight = 0.5f;

    public static byte Classify(bool hasData, float cloudTau, float sunlight)
    {
        if (!hasData) return LabelCodes.Missing;
        if (cloudTau >= ThickCloudTau) return LabelCodes.Cloud;
        if (cloudTau >= ThinCloudTau) return LabelCodes.SemiTransparent;
        if (sunlight <= ShadowSunlight) return LabelCodes.Shadow;
        return LabelCodes.Clear;
    }
}
