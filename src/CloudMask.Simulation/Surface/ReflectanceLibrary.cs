namespace CloudMask.Simulation.Surface;

/// <summary>
/// Typical surface (bottom-of-atmosphere) reflectance spectra per land-cover class, tabulated
/// at a few knots from 0.44 to 2.2 um. Values are read off the shapes of the USGS splib07 and
/// ECOSTRESS (ASTER) library spectra for the named materials, rounded: green grass, green crop,
/// broadleaf canopy, conifer (spruce/pine) canopy, dry loamy soil, quartz desert sand, asphalt/concrete/roof mix,
/// clear inland water, fine-grained fresh snow, bare glacier ice, marsh (vegetation over water).
/// They reproduce the features a cloud mask relies on: the vegetation red edge, water's dark
/// NIR/SWIR, snow's bright visible and dark SWIR (ice absorption at 1.5-2.2 um), bright soil
/// and sand that rise into the SWIR.
/// </summary>
public static class ReflectanceLibrary
{
    private static readonly Dictionary<LandCover, Spectrum> Spectra = new()
    {
        [LandCover.Vegetation] = new((0.44, 0.030), (0.49, 0.040), (0.56, 0.085), (0.665, 0.045), (0.705, 0.12),
            (0.74, 0.29), (0.78, 0.38), (0.84, 0.41), (0.87, 0.42), (0.95, 0.41), (1.375, 0.28), (1.61, 0.24), (2.19, 0.11)),
        [LandCover.Crops] = new((0.44, 0.028), (0.49, 0.038), (0.56, 0.090), (0.665, 0.040), (0.705, 0.13),
            (0.74, 0.33), (0.78, 0.44), (0.84, 0.47), (0.87, 0.48), (0.95, 0.47), (1.375, 0.30), (1.61, 0.25), (2.19, 0.12)),
        [LandCover.Forest] = new((0.44, 0.020), (0.49, 0.025), (0.56, 0.050), (0.665, 0.025), (0.705, 0.075),
            (0.74, 0.21), (0.78, 0.28), (0.84, 0.30), (0.87, 0.30), (0.95, 0.29), (1.375, 0.16), (1.61, 0.15), (2.19, 0.06)),
        [LandCover.BareSoil] = new((0.44, 0.080), (0.49, 0.100), (0.56, 0.140), (0.665, 0.190), (0.705, 0.21),
            (0.74, 0.23), (0.78, 0.25), (0.84, 0.27), (0.87, 0.28), (0.95, 0.29), (1.375, 0.32), (1.61, 0.36), (2.19, 0.33)),
        [LandCover.Sand] = new((0.44, 0.180), (0.49, 0.220), (0.56, 0.300), (0.665, 0.400), (0.705, 0.43),
            (0.74, 0.45), (0.78, 0.47), (0.84, 0.49), (0.87, 0.50), (0.95, 0.51), (1.375, 0.55), (1.61, 0.58), (2.19, 0.52)),
        [LandCover.Urban] = new((0.44, 0.100), (0.49, 0.110), (0.56, 0.130), (0.665, 0.150), (0.705, 0.16),
            (0.74, 0.17), (0.78, 0.18), (0.84, 0.19), (0.87, 0.19), (0.95, 0.20), (1.375, 0.22), (1.61, 0.24), (2.19, 0.22)),
        [LandCover.Water] = new((0.44, 0.050), (0.49, 0.045), (0.56, 0.040), (0.665, 0.020), (0.705, 0.012),
            (0.74, 0.008), (0.78, 0.006), (0.84, 0.005), (0.87, 0.004), (0.95, 0.003), (1.375, 0.002), (1.61, 0.002), (2.19, 0.001)),
        [LandCover.Snow] = new((0.44, 0.950), (0.49, 0.950), (0.56, 0.940), (0.665, 0.920), (0.705, 0.90),
            (0.74, 0.88), (0.78, 0.86), (0.84, 0.82), (0.87, 0.80), (0.95, 0.70), (1.375, 0.35), (1.61, 0.08), (2.19, 0.05)),
        [LandCover.Ice] = new((0.44, 0.600), (0.49, 0.600), (0.56, 0.580), (0.665, 0.520), (0.705, 0.48),
            (0.74, 0.44), (0.78, 0.38), (0.84, 0.32), (0.87, 0.30), (0.95, 0.20), (1.375, 0.05), (1.61, 0.02), (2.19, 0.01)),
        [LandCover.Wetland] = new((0.44, 0.030), (0.49, 0.035), (0.56, 0.060), (0.665, 0.040), (0.705, 0.08),
            (0.74, 0.16), (0.78, 0.20), (0.84, 0.22), (0.87, 0.22), (0.95, 0.20), (1.375, 0.10), (1.61, 0.10), (2.19, 0.05)),
        // Needle-leaf canopy self-shades: NIR near 0.17 and SWIR near 0.065/0.026, as in the dark
        // forest of a real clear Sentinel-2 scene (eo-learn reference 2: TOA B08 0.16, B11 0.064, B12 0.028).
        [LandCover.Conifer] = new((0.44, 0.015), (0.49, 0.020), (0.56, 0.040), (0.665, 0.018), (0.705, 0.05),
            (0.74, 0.12), (0.78, 0.16), (0.84, 0.17), (0.87, 0.17), (0.95, 0.165), (1.375, 0.08), (1.61, 0.065), (2.19, 0.026)),
    };

    public static Spectrum For(LandCover cover) => Spectra[cover];

    /// <summary>The class's reflectance sampled at each band centre (index = band).</summary>
    public static float[] Sample(LandCover cover, IReadOnlyList<double> centresUm)
    {
        var spectrum = For(cover);
        var result = new float[centresUm.Count];
        for (int b = 0; b < result.Length; b++) result[b] = (float)spectrum.At(centresUm[b]);
        return result;
    }
}
