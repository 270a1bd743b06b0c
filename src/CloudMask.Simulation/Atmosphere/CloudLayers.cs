using CloudMask.Simulation.Noise;

namespace CloudMask.Simulation.Atmosphere;

/// <summary>
/// Cloud fields as pure functions of ground position (metres, the cloud's own ground position:
/// parallax and shadow offsets are applied by the caller). Each type is fBm thresholded to its
/// cover fraction, with a soft ramp above the threshold so clouds get semi-transparent fringes
/// around thick cores:
/// - cumulus: 5 octaves at a 1.6 km scale, a steep ramp (sharp edges), tau ~ ramp^1.5;
/// - stratus: 4 octaves at 9 km, a wide ramp, modulated by finer texture;
/// - cirrus: noise stretched 7:1 along the wind (streaks), thin, a wide ramp.
/// </summary>
internal sealed class CloudLayers
{
    private const double CumulusScale = 1600, StratusScale = 9000, CirrusScale = 5000, CirrusStretch = 7;

    private readonly CloudRecipe _recipe;
    private readonly uint _cumulus, _stratus, _cirrus, _height;
    private readonly float _cumulusAbove, _stratusAbove, _cirrusAbove;
    private readonly double _windCos, _windSin;

    public CloudLayers(uint seed, CloudRecipe recipe)
    {
        _recipe = recipe;
        _cumulus = LatticeHash.Derive(seed, 11);
        _stratus = LatticeHash.Derive(seed, 12);
        _cirrus = LatticeHash.Derive(seed, 13);
        _height = LatticeHash.Derive(seed, 14);
        double wind = recipe.CirrusWindDeg * Math.PI / 180;
        _windCos = Math.Cos(wind);
        _windSin = Math.Sin(wind);

        uint q = LatticeHash.Derive(seed, 98);
        const double extent = 80_000;
        _cumulusAbove = FieldQuantiles.Threshold(CumulusRaw, 1 - recipe.CumulusCover, q, extent);
        _stratusAbove = FieldQuantiles.Threshold(StratusRaw, 1 - recipe.StratusCover, q, extent);
        _cirrusAbove = FieldQuantiles.Threshold(CirrusRaw, 1 - recipe.CirrusCover, q, extent);
    }

    public bool HasLowClouds => _recipe.CumulusCover > 0 || _recipe.StratusCover > 0;
    public bool HasCirrus => _recipe.CirrusCover > 0;

    /// <summary>Optical thickness of the low layer (cumulus + stratus) at ground position (x, y).</summary>
    public float LowTau(double x, double y)
    {
        float tau = 0f;
        if (_recipe.CumulusCover > 0)
        {
            float ramp = Ramp(CumulusRaw(x, y), _cumulusAbove, 0.07f);
            if (ramp > 0) tau += (float)_recipe.CumulusMaxTau * ramp * MathF.Sqrt(ramp);
        }
        if (_recipe.StratusCover > 0)
        {
            float ramp = Ramp(StratusRaw(x, y), _stratusAbove, 0.05f);
            if (ramp > 0)
            {
                float texture = 0.6f + 0.4f * ValueNoise.Fbm(_stratus ^ 0x9u, x / 700.0, y / 700.0, 3);
                tau += (float)_recipe.StratusMaxTau * ramp * texture;
            }
        }
        return tau;
    }

    /// <summary>Optical thickness of the cirrus layer at ground position (x, y).</summary>
    public float CirrusTau(double x, double y)
    {
        if (_recipe.CirrusCover <= 0) return 0f;
        float ramp = Ramp(CirrusRaw(x, y), _cirrusAbove, 0.12f);
        return (float)_recipe.CirrusMaxTau * ramp;
    }

    /// <summary>The low layer's height varies between these multiples of <see cref="CloudRecipe.LowCloudHeightM"/>.</summary>
    public const double LowHeightMin = 0.75, LowHeightMax = 1.25;

    /// <summary>Height of the low layer's tops near (x, y): varies smoothly by +-25 %.</summary>
    public float LowHeight(double x, double y) =>
        (float)(_recipe.LowCloudHeightM * (LowHeightMin + (LowHeightMax - LowHeightMin) * ValueNoise.Sample(_height, x / 15000.0, y / 15000.0)));

    public float CirrusHeight => (float)_recipe.CirrusHeightM;

    private float CumulusRaw(double x, double y) => ValueNoise.Fbm(_cumulus, x / CumulusScale, y / CumulusScale, 5, 0.55f);

    private float StratusRaw(double x, double y) => ValueNoise.Fbm(_stratus, x / StratusScale, y / StratusScale, 4);

    private float CirrusRaw(double x, double y)
    {
        // Rotate into the wind frame and squash across it: long streaks along the wind.
        double along = x * _windSin - y * _windCos;
        double across = x * _windCos + y * _windSin;
        return ValueNoise.Fbm(_cirrus, along / (CirrusScale * CirrusStretch / 2.5), across / (CirrusScale / 2.5), 4, 0.6f);
    }

    private static float Ramp(float value, float threshold, float width) => Math.Clamp((value - threshold) / width, 0f, 1f);
}
