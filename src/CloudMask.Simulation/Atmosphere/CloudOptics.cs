namespace CloudMask.Simulation.Atmosphere;

/// <summary>
/// Reflectance and transmittance of a cloud layer of optical thickness tau in one band, from the
/// two-stream solution for a non-absorbing layer, R = (1-g) tau / (2 + (1-g) tau), T = 1 - R,
/// with asymmetry g = 0.85 for water droplets and 0.75 for ice crystals. Thick water clouds
/// therefore approach white in the VNIR (tau 40: R ~ 0.75). In the SWIR the droplets and
/// crystals absorb (single-scattering albedo below 1), which lowers R and T: the factors below
/// (B11 ~ 0.8/0.25, B12 ~ 0.55/0.2 of the VNIR value, water/ice) follow the measured drop of
/// cloud reflectance from 0.8 to 1.6 and 2.2 um. Ice absorbs far more: a thick ice cloud in a
/// Landsat 8 Biome chip (biome_Urban_01) reads 0.93 in the VNIR, 0.14 at 1.6 um and 0.17 at 2.2 um.
/// </summary>
public readonly struct CloudOptics
{
    public const float WaterAsymmetry = 0.85f;
    public const float IceAsymmetry = 0.75f;

    private readonly float _absorptionFactor;
    private readonly float _oneMinusG;

    private CloudOptics(float asymmetry, float absorptionFactor)
    {
        _oneMinusG = 1 - asymmetry;
        _absorptionFactor = absorptionFactor;
    }

    public static CloudOptics WaterCloud(double wavelengthUm) => new(WaterAsymmetry, SwirFactor(wavelengthUm, ice: false));

    public static CloudOptics IceCloud(double wavelengthUm) => new(IceAsymmetry, SwirFactor(wavelengthUm, ice: true));

    /// <summary>Cloud reflectance (as seen from above, before absorption above the cloud).</summary>
    public float Reflectance(float tau)
    {
        float scaled = _oneMinusG * tau;
        return _absorptionFactor * scaled / (2f + scaled);
    }

    /// <summary>Diffuse transmittance through the layer (one way).</summary>
    public float Transmittance(float tau)
    {
        float scaled = _oneMinusG * tau;
        float conservative = 2f / (2f + scaled);
        // Absorption removes light from the transmitted beam in proportion to the path inside the cloud.
        return conservative * (1f - (1f - _absorptionFactor) * (1f - conservative));
    }

    private static float SwirFactor(double wavelengthUm, bool ice) => wavelengthUm switch
    {
        < 1.2 => 1f,
        < 1.45 => ice ? 0.92f : 0.95f,
        < 1.9 => ice ? 0.25f : 0.8f,
        _ => ice ? 0.2f : 0.55f,
    };
}
