namespace CloudMask.Simulation.Scenes;

/// <summary>What the band values mean.</summary>
public enum RadiometricLevel
{
    /// <summary>Top-of-atmosphere reflectance, as in Sentinel-2 L1C and Landsat TOA products.</summary>
    TopOfAtmosphere,

    /// <summary>Bottom-of-atmosphere (surface) reflectance after an atmospheric correction that knows
    /// the true aerosol and water vapour, as in Sentinel-2 L2A. Clouds and shadows stay in it.</summary>
    BottomOfAtmosphere,
}
