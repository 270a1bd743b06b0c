using CloudMask.Simulation.Atmosphere;
using CloudMask.Simulation.Sensors;
using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Scenes;

/// <summary>Everything about one band that does not change from pixel to pixel, computed once per scene.</summary>
internal sealed class BandPhysics
{
    // Water vapour scale height: the share of the column above height h is exp(-h / H).
    private const double WaterVapourScaleHeightM = 2000;
    // Rayleigh (air density) scale height.
    private const double AirScaleHeightM = 8400;

    public BandPhysics(SimulatedBand band, SunViewGeometry geometry)
    {
        Band = band;
        Clear = new ClearSkyOptics(band.CentralWavelengthUm, geometry);
        Water = CloudOptics.WaterCloud(band.CentralWavelengthUm);
        Ice = CloudOptics.IceCloud(band.CentralWavelengthUm);
        var classes = Enum.GetValues<LandCover>();
        SurfaceByClass = new float[classes.Length];
        foreach (var c in classes) SurfaceByClass[(int)c] = (float)ReflectanceLibrary.For(c).At(band.CentralWavelengthUm);
        GasPerCm = (float)(ClearSkyOptics.WaterVapourAbsorption(band.CentralWavelengthUm) * geometry.AirMass);
        RayleighPath = (float)Clear.PathReflectance(0);

        // The thin-limit path reflectance, the slant optical depth and the spherical albedo are
        // linear in AOT and the log of the two-way transmittance is too: two coefficients each
        // replace the double-precision model per pixel.
        _thinPath0 = (float)Clear.ThinPathReflectance(0);
        _thinPathPerAot = (float)(Clear.ThinPathReflectance(1) - Clear.ThinPathReflectance(0));
        _slantDepth0 = (float)Clear.SlantOpticalDepth(0);
        _slantDepthPerAot = (float)(Clear.SlantOpticalDepth(1) - Clear.SlantOpticalDepth(0));
        _sphericalAlbedo0 = (float)Clear.SphericalAlbedo(0);
        _sphericalAlbedoPerAot = (float)(Clear.SphericalAlbedo(1) - Clear.SphericalAlbedo(0));
        _logTransmittance0 = (float)Math.Log(Clear.TwoWayTransmittance(0));
        _logTransmittancePerAot = (float)(Math.Log(Clear.TwoWayTransmittance(1)) - _logTransmittance0);
    }

    private readonly float _thinPath0, _thinPathPerAot, _slantDepth0, _slantDepthPerAot, _sphericalAlbedo0, _sphericalAlbedoPerAot, _logTransmittance0, _logTransmittancePerAot;

    public float PathReflectance(float aot) =>
        (_thinPath0 + _thinPathPerAot * aot) * (float)ClearSkyOptics.SingleScatteringShare(_slantDepth0 + _slantDepthPerAot * aot);

    public float SphericalAlbedo(float aot) => _sphericalAlbedo0 + _sphericalAlbedoPerAot * aot;

    public float TwoWayTransmittance(float aot) => MathF.Exp(_logTransmittance0 + _logTransmittancePerAot * aot);

    public SimulatedBand Band { get; }
    public ClearSkyOptics Clear { get; }
    public CloudOptics Water { get; }
    public CloudOptics Ice { get; }

    /// <summary>Surface reflectance of each land-cover class in this band (index = (int)LandCover).</summary>
    public float[] SurfaceByClass { get; }

    /// <summary>Optical depth of water-vapour absorption per cm of water on the sun-ground-sensor path.</summary>
    public float GasPerCm { get; }

    /// <summary>Molecular path reflectance of the whole atmosphere.</summary>
    public float RayleighPath { get; }

    /// <summary>Gas transmittance for the part of the column above height h.</summary>
    public float GasAbove(float waterVapourCm, float heightM) =>
        MathF.Exp(-GasPerCm * waterVapourCm * MathF.Exp(-heightM / (float)WaterVapourScaleHeightM));

    /// <summary>Molecular path reflectance of the air above height h (what lies on top of a cloud).</summary>
    public float RayleighAbove(float heightM) => RayleighPath * MathF.Exp(-heightM / (float)AirScaleHeightM);
}
