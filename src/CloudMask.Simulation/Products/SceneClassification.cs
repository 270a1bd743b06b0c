using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Products;

/// <summary>
/// The L2A side layers a perfect Sen2Cor would write, from the simulation's truth: the scene
/// classification (SCL codes 0-11), cloud and snow probabilities (0-100 %) and the TCI stretch.
/// </summary>
internal static class SceneClassification
{
    public const byte NoData = 0, Shadow = 3, Vegetation = 4, NotVegetated = 5, Water = 6,
        CloudMedium = 8, CloudHigh = 9, ThinCirrus = 10, SnowIce = 11;

    public static byte Scl(byte label, LandCover cover, float cloudTau) => label switch
    {
        LabelCodes.Missing => NoData,
        LabelCodes.Cloud => cloudTau >= 2 * LabelRules.ThickCloudTau ? CloudHigh : CloudMedium,
        LabelCodes.SemiTransparent => ThinCirrus,
        LabelCodes.Shadow => Shadow,
        _ => SurfaceClass(cover),
    };

    /// <summary>The SCL class of clear ground: vegetation, not vegetated, water or snow/ice.</summary>
    public static byte SurfaceClass(LandCover cover) => cover switch
    {
        LandCover.Water => Water,
        LandCover.Snow or LandCover.Ice => SnowIce,
        LandCover.Vegetation or LandCover.Crops or LandCover.Forest or LandCover.Conifer or LandCover.Wetland => Vegetation,
        _ => NotVegetated,
    };

    /// <summary>Every land cover whose clear ground is the SCL class <paramref name="surfaceClass"/>.</summary>
    public static LandCover[] CoversOf(byte surfaceClass) =>
        Enum.GetValues<LandCover>().Where(c => SurfaceClass(c) == surfaceClass).ToArray();

    public static byte CloudProbability(byte label, float cloudTau) =>
        label is LabelCodes.Cloud or LabelCodes.SemiTransparent ? (byte)Math.Min(100f, 100f * cloudTau / LabelRules.ThickCloudTau) : (byte)0;

    public static byte SnowProbability(byte label, LandCover cover) =>
        label == LabelCodes.Clear && cover is LandCover.Snow or LandCover.Ice ? (byte)100 : (byte)0;

    /// <summary>TCI value: reflectance 0..0.25 stretched linearly over 1..255 (0 stays no data).</summary>
    public static byte TrueColour(float reflectance, bool hasData) =>
        hasData ? (byte)(1 + Math.Clamp(reflectance / 0.25f, 0f, 1f) * 254f) : (byte)0;
}
