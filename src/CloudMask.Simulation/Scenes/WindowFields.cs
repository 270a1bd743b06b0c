using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Noise;
using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Scenes;

/// <summary>
/// The smooth fields of a scene sampled on grids just large enough for one render window:
/// large-scale land-cover fields, haze and water vapour, cloud-top height, and the two cloud
/// layers both where they are seen (window shifted by parallax) and where they shade the window
/// (shifted towards the sun). Building these grids costs a fraction of evaluating every field at
/// every pixel, which is what makes a few hundred chips a minute possible on two cores.
/// </summary>
internal sealed class WindowFields
{
    private const double CloudStepM = 20, CirrusStepM = 40, AtmosphereStepM = 250;

    private readonly FieldGrid[] _landscape;
    private readonly FieldGrid _haze, _vapour;
    private readonly FieldGrid? _lowHeight, _lowSeen, _lowSun, _cirrusSeen, _cirrusSun;

    public WindowFields(LandscapeModel landscape, CloudLayers clouds, CloudRecipe recipe, SunViewGeometry geometry,
        Func<double, double, float> haze, Func<double, double, float> vapour, RenderWindow window, bool parallel)
    {
        double ps = window.PixelSizeM;
        var bounds = new Bounds(window.OriginXM, window.OriginYM, window.OriginXM + window.Width * ps, window.OriginYM + window.Height * ps);
        double landStep = Math.Max(LandscapeModel.GridStepM, ps);
        _landscape =
        [
            FieldGrid.Covering(bounds, landStep, landscape.Elevation, parallel),
            FieldGrid.Covering(bounds, landStep, landscape.Urban, parallel),
            FieldGrid.Covering(bounds, landStep, landscape.Forest, parallel),
            FieldGrid.Covering(bounds, landStep, landscape.Crops, parallel),
            FieldGrid.Covering(bounds, landStep, landscape.Bare, parallel),
            FieldGrid.Covering(bounds, landStep, landscape.Conifer, parallel),
        ];
        double atmosphereStep = Math.Max(AtmosphereStepM, ps);
        _haze = FieldGrid.Covering(bounds, atmosphereStep, haze, parallel);
        _vapour = FieldGrid.Covering(bounds, atmosphereStep, vapour, parallel);

        if (clouds.HasLowClouds)
        {
            _lowHeight = FieldGrid.Covering(bounds, atmosphereStep, clouds.LowHeight, parallel);
            double low = recipe.LowCloudHeightM * CloudLayers.LowHeightMin, high = recipe.LowCloudHeightM * CloudLayers.LowHeightMax;
            double step = Math.Max(CloudStepM, ps);
            _lowSeen = FieldGrid.Covering(Swept(bounds, geometry.TowardsSensor, low, high), step, clouds.LowTau, parallel);
            _lowSun = FieldGrid.Covering(Swept(bounds, geometry.TowardsSun, low, high), step, clouds.LowTau, parallel);
        }
        if (clouds.HasCirrus)
        {
            double step = Math.Max(CirrusStepM, ps), h = clouds.CirrusHeight;
            _cirrusSeen = FieldGrid.Covering(Swept(bounds, geometry.TowardsSensor, h, h), step, clouds.CirrusTau, parallel);
            _cirrusSun = FieldGrid.Covering(Swept(bounds, geometry.TowardsSun, h, h), step, clouds.CirrusTau, parallel);
        }
    }

    public LandscapeFields Landscape(double x, double y) =>
        new(_landscape[0].At(x, y), _landscape[1].At(x, y), _landscape[2].At(x, y), _landscape[3].At(x, y), _landscape[4].At(x, y), _landscape[5].At(x, y));

    public float Haze(double x, double y) => _haze.At(x, y);
    public float Vapour(double x, double y) => _vapour.At(x, y);
    public float LowHeight(double x, double y) => _lowHeight!.At(x, y);

    /// <summary>Low-layer optical thickness at a cloud ground position seen from the window.</summary>
    public float LowTauSeen(double x, double y) => _lowSeen!.At(x, y);

    /// <summary>Low-layer optical thickness at a cloud ground position on the window's path to the sun.</summary>
    public float LowTauSun(double x, double y) => _lowSun!.At(x, y);

    public float CirrusTauSeen(double x, double y) => _cirrusSeen!.At(x, y);
    public float CirrusTauSun(double x, double y) => _cirrusSun!.At(x, y);

    /// <summary>The window shifted by offset(h) for every h in [low, high]: offsets scale with h, so the two extremes bound it.</summary>
    private static Bounds Swept(Bounds bounds, Func<double, (double Dx, double Dy)> offset, double low, double high)
    {
        var (ax, ay) = offset(low);
        var (bx, by) = offset(high);
        return bounds.Shift(ax, ay).Union(bounds.Shift(bx, by));
    }
}
