namespace CloudMask.Simulation.Scenes;

/// <summary>
/// How the exact simulated state of a pixel becomes a label. The thresholds are physical:
///
/// - Cloud (4): total optical thickness (low layer + cirrus, as seen along the view path)
///   tau >= <see cref="ThickCloudTau"/> = 8. With the two-stream model of CloudOptics a water
///   cloud of tau 8 reflects 0.375 in the VNIR and passes only 0.39 of the surface signal back
///   up (two-way diffuse transmittance), so the cloud dominates what the sensor sees; the
///   ISCCP scheme puts the "thin" limit at tau 3.6 and "thick" from tau 23 - 8 sits in between.
/// - Semi-transparent cloud (3): <see cref="ThinCloudTau"/> = 0.3 <= tau < 8. Below tau 0.3
///   a cloud adds less than about 0.03 to VNIR reflectance, comparable to haze, and counts as clear.
/// - Shadow (2): not cloud, and clouds on the path towards the sun cut the direct sunlight
///   to at most <see cref="ShadowDirectLight"/> = 50 % (direct transmittance
///   exp(-(1-g) tau / cos sza), the forward-scattering-corrected Beer law). Sky light still
///   reaches shadows, so they are darkened, not black.
/// - Missing (0): outside the sensor swath (no data). Everything else is clear (1).
/// </summary>
public static class LabelRules
{
    public const float ThickCloudTau = 8f;
    public const float ThinCloudTau = 0.3f;
    public const float ShadowDirectLight = 0.5f;

    public static byte Classify(bool hasData, float cloudTau, float directLight)
    {
        if (!hasData) return LabelCodes.Missing;
        if (cloudTau >= ThickCloudTau) return LabelCodes.Cloud;
        if (cloudTau >= ThinCloudTau) return LabelCodes.SemiTransparent;
        if (directLight <= ShadowDirectLight) return LabelCodes.Shadow;
        return LabelCodes.Clear;
    }
}
