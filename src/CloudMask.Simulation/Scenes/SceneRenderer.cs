using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Noise;
using CloudMask.Simulation.Sensors;
using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Scenes;

/// <summary>
/// Images a scene with a sensor. Per pixel: the ground (land cover blend), haze and water
/// vapour, the low cloud layer and cirrus seen along the view path (parallax), the clouds on
/// the path to the sun (shadow), then per band surface -> atmosphere -> clouds -> sensor.
/// Any window can be rendered independently and matches its neighbours exactly, so large
/// products are rendered strip by strip in bounded memory.
/// </summary>
public sealed class SceneRenderer
{
    // Ice crystals diffract most light into a narrow forward peak that still counts as direct
    // sunlight, hence a larger effective asymmetry for the direct beam under cirrus.
    private const float CirrusDirectBeamAsymmetry = 0.9f;

    private readonly SceneSpec _spec;
    private readonly SimulatedSensor _sensor;
    private readonly RadiometricLevel _level;
    private readonly bool _addNoise;
    private readonly LandscapeModel _landscape;
    private readonly CloudLayers _clouds;
    private readonly BandPhysics[] _bands;
    private readonly uint _haze, _vapour, _noise;

    public SceneRenderer(SceneSpec spec, SimulatedSensor sensor, RadiometricLevel level = RadiometricLevel.TopOfAtmosphere, bool addNoise = true)
    {
        _spec = spec;
        _sensor = sensor;
        _level = level;
        _addNoise = addNoise;
        uint seed = (uint)spec.Seed;
        _landscape = new LandscapeModel(seed, LandscapeRecipe.For(spec.Kind));
        _clouds = new CloudLayers(LatticeHash.Derive(seed, 1000), spec.Clouds);
        _bands = sensor.Bands.Select(b => new BandPhysics(b, spec.Geometry)).ToArray();
        _haze = LatticeHash.Derive(seed, 2001);
        _vapour = LatticeHash.Derive(seed, 2002);
        _noise = LatticeHash.Derive(seed, 2003);
    }

    public SceneSpec Spec => _spec;
    public SimulatedSensor Sensor => _sensor;
    public RadiometricLevel Level => _level;

    /// <summary>Renders a window; rows are spread over the cores when <paramref name="parallel"/> is set.</summary>
    /// <param name="window">The part of the scene and the pixel size.</param>
    /// <param name="parallel">Spread rows over the cores.</param>
    /// <param name="bands">Indices (into the sensor's bands) to render, in this order; null: all.
    /// The result's Bands array then holds only these.</param>
    public SceneRaster Render(RenderWindow window, bool parallel = true, IReadOnlyList<int>? bands = null)
    {
        var selected = bands?.Select(b => _bands[b]).ToArray() ?? _bands;
        var sensorIndex = bands?.ToArray() ?? Enumerable.Range(0, _bands.Length).ToArray();
        var raster = new SceneRaster(window.Width, window.Height, selected.Length);
        var fields = new WindowFields(_landscape, _clouds, _spec.Clouds, _spec.Geometry, AerosolField, VapourField, window, parallel);
        if (parallel) Parallel.For(0, window.Height, row => RenderRow(window, row, raster, fields, selected, sensorIndex));
        else for (int row = 0; row < window.Height; row++) RenderRow(window, row, raster, fields, selected, sensorIndex);
        return raster;
    }

    private void RenderRow(RenderWindow window, int row, SceneRaster raster, WindowFields fields, BandPhysics[] bands, int[] sensorIndex)
    {
        double ps = window.PixelSizeM;
        double y = window.OriginYM + (row + 0.5) * ps;
        int globalRow = (int)Math.Floor(y / ps);
        float muSun = (float)_spec.Geometry.CosSun;
        Span<float> values = stackalloc float[bands.Length];

        for (int col = 0; col < window.Width; col++)
        {
            int i = row * window.Width + col;
            double x = window.OriginXM + (col + 0.5) * ps;
            var surface = _landscape.At(x, y, fields.Landscape(x, y));
            raster.Cover[i] = surface.Dominant;

            if (_spec.Swath is { } swath && !swath.HasData(x, y))
            {
                for (int b = 0; b < bands.Length; b++) raster.Bands[b][i] = 0f;
                raster.Labels[i] = LabelCodes.Missing;
                continue;
            }

            float aot = fields.Haze(x, y);
            float vapour = fields.Vapour(x, y);
            raster.AerosolOpticalThickness[i] = aot;
            raster.WaterVapourCm[i] = vapour;

            float lowHeight = _clouds.HasLowClouds ? fields.LowHeight(x, y) : 0f;
            var seen = CloudsSeenAt(fields, x, y, lowHeight);
            float sunlight = SunlightThroughCloudsAt(fields, x, y, lowHeight, muSun);
            raster.CloudTau[i] = seen.TotalTau;
            raster.Labels[i] = LabelRules.Classify(true, seen.TotalTau, sunlight);

            for (int b = 0; b < bands.Length; b++)
                values[b] = BandReflectance(bands[b], surface, aot, vapour, seen, sunlight);

            int globalCol = (int)Math.Floor(x / ps);
            for (int b = 0; b < bands.Length; b++)
                raster.Bands[b][i] = Sensorise(values[b], sensorIndex[b], globalCol, globalRow);
        }
    }

    private float AerosolField(double x, double y)
    {
        float patches = ValueNoise.Fbm(_haze, x / 20000.0, y / 20000.0, 3);
        return MathF.Max(0.01f, (float)(_spec.AerosolOpticalThickness * (1 + _spec.HazeVariation * 3.0 * (patches - 0.5))));
    }

    private float VapourField(double x, double y) =>
        (float)_spec.WaterVapourCm * (0.85f + 0.3f * ValueNoise.Fbm(_vapour, x / 30000.0, y / 30000.0, 2));

    /// <summary>The clouds in the line of sight: each layer is looked up at its own parallax offset.</summary>
    private CloudSample CloudsSeenAt(WindowFields fields, double x, double y, float lowHeight)
    {
        float lowTau = 0, cirrusTau = 0;
        if (_clouds.HasLowClouds)
        {
            var (dx, dy) = _spec.Geometry.TowardsSensor(lowHeight);
            lowTau = fields.LowTauSeen(x + dx, y + dy);
        }
        if (_clouds.HasCirrus)
        {
            var (dx, dy) = _spec.Geometry.TowardsSensor(_clouds.CirrusHeight);
            cirrusTau = fields.CirrusTauSeen(x + dx, y + dy);
        }
        return new CloudSample(lowTau, lowHeight, cirrusTau, _clouds.CirrusHeight);
    }

    /// <summary>
    /// Share of the sunlight reaching the ground at (x, y) through the clouds on the way to the sun
    /// (found height * tan(sza) towards the sun): the two-stream transmittance of the slant path,
    /// 2 / (2 + (1-g) tau / cos sza), direct plus forward-scattered light. (Beer's law on the
    /// direct beam alone, exp(-(1-g) tau / cos sza), lost the forward-scattered light: a veil of
    /// tau 3 then cut the ground's signal by half where real Sentinel-2 shows it barely dimmed.)
    /// </summary>
    private float SunlightThroughCloudsAt(WindowFields fields, double x, double y, float lowHeight, float muSun)
    {
        float attenuation = 0f;
        if (_clouds.HasLowClouds)
        {
            var (dx, dy) = _spec.Geometry.TowardsSun(lowHeight);
            // Water's asymmetry also for a glaciated layer: it only matters at thin edges, since
            // thick ice or water dims the sunlight alike.
            attenuation += (1 - CloudOptics.WaterAsymmetry) * fields.LowTauSun(x + dx, y + dy);
        }
        if (_clouds.HasCirrus)
        {
            var (dx, dy) = _spec.Geometry.TowardsSun(_clouds.CirrusHeight);
            attenuation += (1 - CirrusDirectBeamAsymmetry) * fields.CirrusTauSun(x + dx, y + dy);
        }
        return attenuation == 0f ? 1f : 2f / (2f + attenuation / muSun);
    }

    private float BandReflectance(BandPhysics band, SurfacePixel surface, float aot, float vapour, CloudSample clouds, float sunlight)
    {
        float rho = surface.Brightness * ((1 - surface.SecondaryShare) * band.SurfaceByClass[(int)surface.Dominant]
                                          + surface.SecondaryShare * band.SurfaceByClass[(int)surface.Secondary]);
        float path = band.PathReflectance(aot);
        float transmittance = band.TwoWayTransmittance(aot);
        float sphericalAlbedo = band.SphericalAlbedo(aot);
        float gas = band.GasPerCm == 0f ? 1f : MathF.Exp(-band.GasPerCm * vapour);

        // Shadows keep the sky light (less the part of the sky the cloud itself hides).
        float light = 1f;
        if (sunlight < 1f)
        {
            float diffuse = (float)band.Clear.DiffuseShare(aot);
            light = diffuse * (1 - 0.3f * (1 - sunlight)) + (1 - diffuse) * sunlight;
        }
        float toa = gas * (path + transmittance * rho * light / (1 - sphericalAlbedo * rho));

        var low = _spec.Clouds.GlaciatedLowLayer ? band.Ice : band.Water;
        if (clouds.LowTau > 0) toa = UnderCloud(toa, rho, band, low, clouds.LowTau, clouds.LowHeightM, vapour);
        if (clouds.CirrusTau > 0) toa = UnderCloud(toa, rho, band, band.Ice, clouds.CirrusTau, clouds.CirrusHeightM, vapour);

        if (_level == RadiometricLevel.TopOfAtmosphere) return toa;
        // Invert the clear-sky model with the true aerosol and water vapour (an ideal Sen2Cor).
        // Sen2Cor retrieves water vapour per pixel from B09/B8A: over a cloud it sees only the vapour
        // above the cloud top, so the gas correction there is the one above the cloud, weighted by
        // how much of the signal the cloud itself sends. Using the full column would divide the cloud's
        // own (barely absorbed) signal by the ground's absorption and saturate B09 under clouds.
        float seenGas = gas;
        if (clouds.LowTau > 0) seenGas = SeenThrough(seenGas, band, low, clouds.LowTau, clouds.LowHeightM, vapour);
        if (clouds.CirrusTau > 0) seenGas = SeenThrough(seenGas, band, band.Ice, clouds.CirrusTau, clouds.CirrusHeightM, vapour);
        float y = (toa / seenGas - path) / transmittance;
        return y / (1 + sphericalAlbedo * y);
    }

    /// <summary>
    /// Puts a cloud layer on top of what lies below: the cloud's own reflectance (absorbed only by
    /// the water vapour above it, which is why high clouds show in B10) plus the scene below seen
    /// once through the cloud (on the way up), with cloud-ground multiple reflections. The way down
    /// is not charged here: sunlight reaches the ground through the cloud on the sun path, which
    /// <see cref="SunlightThroughCloudsAt"/> already dims (the same sheet, for a veil; another cloud, or
    /// none, beside a small cumulus). Charging both dimmed the ground twice, so thin cloud over
    /// vegetation hid the red edge (B08 +0.01 over forest where real Sentinel-2 under a veil shows
    /// the same +0.07 in every band as in the visible: eo-learn reference 1 against reference 3).
    /// </summary>
    private static float UnderCloud(float below, float groundRho, BandPhysics band, CloudOptics optics, float tau, float heightM, float vapour)
    {
        float r = optics.Reflectance(tau);
        float t = optics.Transmittance(tau);
        // The air above the cloud scatters as it did over the ground; "below" (dimmed by t) already
        // holds that share, so only the part the cloud hides, 1 - t, is given back.
        float above = band.GasAbove(vapour, heightM) * (r + (1 - t) * band.RayleighAbove(heightM));
        return above + t * below / (1 - r * groundRho);
    }

    /// <summary>The gas transmittance an atmospheric correction applies over a cloud layer: the cloud's opaque
    /// share sees the gas above the cloud top, the transparent share the gas below.</summary>
    private static float SeenThrough(float below, BandPhysics band, CloudOptics optics, float tau, float heightM, float vapour)
    {
        float t = optics.Transmittance(tau);
        float opaque = 1 - t * t;
        return opaque * band.GasAbove(vapour, heightM) + (1 - opaque) * below;
    }

    private float Sensorise(float value, int band, int col, int row)
    {
        if (_addNoise)
        {
            // Signal-dependent noise: sigma = (0.3 / SNR) at a reflectance of 0.3, a quarter of
            // that variance in the dark (read noise), shot noise growing with the signal.
            float sigma = 0.3f / _sensor.SignalToNoise * MathF.Sqrt(0.25f + 2.5f * MathF.Max(value, 0f));
            value += sigma * Gaussian((uint)band, col, row);
        }
        float floor = _level == RadiometricLevel.TopOfAtmosphere ? 0.0001f : -0.05f;
        return Math.Clamp(value, floor, _sensor.SaturationReflectance);
    }

    /// <summary>Approximately standard normal: the sum of the four bytes of one hash (Irwin-Hall of four uniforms).</summary>
    private float Gaussian(uint band, int col, int row)
    {
        uint h = LatticeHash.Hash(_noise + band * 0x9E3779B9u, col, row);
        int sum = (int)(h & 0xFF) + (int)((h >> 8) & 0xFF) + (int)((h >> 16) & 0xFF) + (int)(h >> 24);
        // Mean 510, variance 4 * (256^2 - 1) / 12.
        return (sum - 510f) * (1f / 147.8f);
    }
}
