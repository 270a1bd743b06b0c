using CloudMask.Simulation.Atmosphere;

namespace CloudMask.Simulation.Scenes;

/// <summary>
/// Draws varied but plausible scene specs from a seed: landscape, cloud regime, season-like sun
/// angles, haze, water vapour and sometimes a swath edge. Used for training chips and galleries.
/// </summary>
public static class SceneSpecFactory
{
    /// <summary>The cloud regimes the factory draws from, by name (also accepted by the CLI).</summary>
    public static IReadOnlyList<string> Regimes { get; } = ["clear", "cumulus", "broken", "stratus", "veil", "cirrus", "mixed", "overcast"];

    /// <param name="seed">Seed of the scene.</param>
    /// <param name="extentM">Size of the scene (metres); places the swath edge inside it.</param>
    /// <param name="kind">Force a landscape, or null to draw one.</param>
    /// <param name="regime">Force a cloud regime (see <see cref="Regimes"/>), or null to draw one.</param>
    /// <param name="partialTileChance">Chance that the swath edge cuts the scene.</param>
    public static SceneSpec Draw(int seed, double extentM, SceneKind? kind = null, string? regime = null, double partialTileChance = 0.15)
    {
        // Hash the seed first: System.Random draws correlated first values for consecutive seeds.
        var random = new Random((int)(Noise.LatticeHash.Derive((uint)seed, 0x5EED) & 0x7FFFFFFF));
        var kinds = Enum.GetValues<SceneKind>();
        var sceneKind = kind ?? kinds[random.Next(kinds.Length)];
        regime ??= DrawRegime(random);

        bool winter = sceneKind == SceneKind.Snow;
        double sunZenith = winter ? Between(random, 50, 72) : Between(random, 20, 62);
        var geometry = new SunViewGeometry(
            sunZenith,
            Between(random, 120, 215),
            Between(random, 0.5, 11),
            random.NextDouble() < 0.5 ? Between(random, 95, 115) : Between(random, 275, 295));

        var clouds = Clouds(random, regime);
        double aot = sceneKind == SceneKind.Desert ? Between(random, 0.15, 0.5) : Math.Exp(Between(random, Math.Log(0.03), Math.Log(0.35)));
        double wv = winter ? Between(random, 0.2, 0.9) : Between(random, 0.6, 3.8);

        SwathEdge? swath = null;
        if (random.NextDouble() < partialTileChance)
        {
            // The edge leaves 30-85 % of the scene with data.
            double azimuth = random.NextDouble() < 0.5 ? Between(random, 80, 100) : Between(random, 260, 280);
            double keep = Between(random, 0.3, 0.85);
            double a = azimuth * Math.PI / 180;
            double start = Math.Min(0, extentM * Math.Sin(a)) + Math.Min(0, -extentM * Math.Cos(a));
            double span = Math.Abs(extentM * Math.Sin(a)) + Math.Abs(extentM * Math.Cos(a));
            swath = new SwathEdge(azimuth, start + keep * span);
        }

        return new SceneSpec(seed, sceneKind, clouds, geometry, aot, Between(random, 0.2, 0.9), wv, swath);
    }

    private static string DrawRegime(Random random)
    {
        double r = random.NextDouble();
        return r switch
        {
            < 0.10 => "clear",
            < 0.35 => "cumulus",
            < 0.50 => "broken",
            < 0.56 => "stratus",
            < 0.62 => "veil",
            < 0.75 => "cirrus",
            < 0.95 => "mixed",
            _ => "overcast",
        };
    }

    private static CloudRecipe Clouds(Random random, string regime)
    {
        double lowHeight = Between(random, 900, 3500);
        double cirrusHeight = Between(random, 8000, 12000);
        double wind = Between(random, 0, 180);
        // A quarter of the scenes with sheets of cloud have an ice one high up (anvils, thick
        // cirrostratus), which Landsat's human labels call cloud and a snow-like SWIR hides.
        bool glaciated = regime is "broken" or "stratus" or "mixed" or "overcast" && random.NextDouble() < 0.25;
        if (glaciated) lowHeight = Between(random, 6000, 11000);
        CloudRecipe With(double cu, double st, double ci) => new(
            cu, st, ci,
            CumulusMaxTau: Between(random, 20, 60),
            StratusMaxTau: Between(random, 10, 35),
            CirrusMaxTau: Between(random, 0.5, 2.5),
            LowCloudHeightM: lowHeight,
            CirrusHeightM: cirrusHeight,
            CirrusWindDeg: wind,
            GlaciatedLowLayer: glaciated);
        return regime switch
        {
            "clear" => CloudRecipe.Clear with { CirrusHeightM = cirrusHeight },
            "cumulus" => With(Between(random, 0.08, 0.3), 0, 0),
            "broken" => With(Between(random, 0.3, 0.6), 0, Between(random, 0, 0.3)),
            "stratus" => With(0, Between(random, 0.3, 0.7), 0),
            // A translucent low sheet (stratus or altostratus translucidus): water cloud of tau ~0.6-8
            // (log-uniform) over most of the scene, 0.9-3.5 km up, so it adds a nearly flat ~0.05-0.3
            // to every band while B10 stays dark, and the ground's own spectrum shows through. Real
            // Sentinel-2 under such a veil (eo-learn reference 1: +0.07 in every band from B01 to B12,
            // B10 0.005, i.e. ~0.5 cm of water vapour above the sheet) was called partly or wholly clear
            // by models that had only seen thin cirrus and the fringes of thick cloud.
            "veil" => With(0, Between(random, 0.6, 1.0), 0) with { StratusMaxTau = Math.Exp(Between(random, 0, Math.Log(8))) },
            "cirrus" => With(0, 0, Between(random, 0.3, 0.8)),
            "mixed" => With(Between(random, 0.1, 0.35), Between(random, 0, 0.3), Between(random, 0.15, 0.5)),
            "overcast" => With(Between(random, 0.2, 0.4), Between(random, 0.8, 0.97), Between(random, 0, 0.3)),
            _ => throw new ArgumentException($"Unknown cloud regime '{regime}'; valid: {string.Join(", ", Regimes)}.", nameof(regime)),
        };
    }

    private static double Between(Random random, double low, double high) => low + (high - low) * random.NextDouble();
}
