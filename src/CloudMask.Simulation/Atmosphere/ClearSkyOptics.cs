namespace CloudMask.Simulation.Atmosphere;

/// <summary>
/// A compact clear-sky radiative transfer model for one band, good enough to give TOA
/// reflectances the right size and spectral shape (not a replacement for 6S/libRadtran):
///   rho_TOA = T_gas * (rho_path + T_down * T_up * rho_s / (1 - S * rho_s))
/// Rayleigh optical thickness from Bodhaine et al. (1999) in its usual lambda^-4 fit; aerosol
/// thickness from AOT(550 nm) with an Angstrom exponent of 1.3; single-scattering path
/// reflectance of a layer, omega * P * (1 - exp(-tau m)) / (4 (mu_s + mu_v)) with m = 1/mu_s + 1/mu_v,
/// the Rayleigh phase taken at the scene's scattering angle; water-vapour absorption as exp(-k * W * m)
/// with k per band chosen so that B09 (945 nm) keeps about 25 % (real L1C B09/B8A ratios over
/// vegetation are 0.3-0.4) and B10 (1375 nm) about 1e-5 of the surface signal for 2 cm of
/// water vapour at an air mass of 2.3: the cirrus band sees no ground.
/// </summary>
public readonly struct ClearSkyOptics
{
    private const double AngstromExponent = 1.3;
    private const double AerosolSingleScatteringAlbedo = 0.92;
    private const double AerosolPhase = 0.35; // backscatter at typical S2 scattering angles (~140 deg)
    private const double SphericalAlbedoScale = 0.6;

    private readonly double _rayleighTau, _aerosolTauPerAot, _waterVapourK, _muSun, _muView, _airMass, _rayleighPhase;

    public ClearSkyOptics(double wavelengthUm, SunViewGeometry geometry)
    {
        double l = wavelengthUm;
        _rayleighTau = 0.008569 * Math.Pow(l, -4) * (1 + 0.0113 * Math.Pow(l, -2) + 0.00013 * Math.Pow(l, -4));
        _aerosolTauPerAot = Math.Pow(l / 0.55, -AngstromExponent);
        _waterVapourK = WaterVapourAbsorption(l);
        _muSun = geometry.CosSun;
        _muView = geometry.CosView;
        _airMass = geometry.AirMass;
        double cosScattering = geometry.CosScatteringAngle;
        _rayleighPhase = 0.75 * (1 + cosScattering * cosScattering);
    }

    /// <summary>Absorption coefficient per cm of precipitable water and unit air mass.</summary>
    public static double WaterVapourAbsorption(double wavelengthUm) => wavelengthUm switch
    {
        > 1.33 and < 1.43 => 2.5,    // 1.38 um band: saturated absorption (Sentinel-2 B10, OLI B9)
        > 0.92 and < 0.97 => 0.3,    // 0.94 um band (B09)
        > 0.81 and < 0.85 => 0.008,  // weak 0.82 um band inside B08
        > 2.0 => 0.01,
        _ => 0.002,
    };

    /// <summary>Gas transmittance for <paramref name="waterVapourCm"/> above the reflecting level, on the whole path.</summary>
    public double GasTransmittance(double waterVapourCm) => Math.Exp(-_waterVapourK * waterVapourCm * _airMass);

    /// <summary>Reflectance of the atmosphere itself (molecules plus aerosol), before gas absorption.</summary>
    public double PathReflectance(double aot550) =>
        ThinPathReflectance(aot550) * SingleScatteringShare(SlantOpticalDepth(aot550));

    /// <summary>
    /// Optically thin limit of the path reflectance, tau * omega * P / (4 mu_s mu_v), linear in AOT,
    /// with the molecules' share raised by 1 + tau_R m / 2 for the light they scatter more than
    /// once (conservative scattering; a rough allowance of 10-50 %, largest in blue at a low sun,
    /// not fitted to a radiative-transfer code). The thin limit grows as 1/mu_s without bound,
    /// which at a winter sun (mu_s 0.3) made the simulated air twice as bright as at a summer
    /// sun; <see cref="SingleScatteringShare"/> bounds it.
    /// </summary>
    public double ThinPathReflectance(double aot550)
    {
        double aerosol = aot550 * _aerosolTauPerAot;
        double molecules = _rayleighTau * _rayleighPhase * (1 + 0.5 * _rayleighTau * _airMass);
        return (molecules + aerosol * AerosolSingleScatteringAlbedo * AerosolPhase) / (4 * _muSun * _muView);
    }

    /// <summary>Optical depth of molecules plus aerosol along the sun-ground-sensor path (tau m), linear in AOT.</summary>
    public double SlantOpticalDepth(double aot550) => (_rayleighTau + aot550 * _aerosolTauPerAot) * _airMass;

    /// <summary>
    /// (1 - exp(-x)) / x for slant optical depth x: the share of the thin-limit single scattering
    /// that leaves a layer whose light is dimmed on its way in and out.
    /// </summary>
    public static double SingleScatteringShare(double slantOpticalDepth) =>
        slantOpticalDepth < 1e-6 ? 1 : -double.ExpM1(-slantOpticalDepth) / slantOpticalDepth;

    /// <summary>Two-way (down and up) transmittance, direct plus forward-scattered diffuse light.</summary>
    public double TwoWayTransmittance(double aot550)
    {
        double effective = 0.5 * _rayleighTau + 0.17 * aot550 * _aerosolTauPerAot;
        return Math.Exp(-effective / _muSun) * Math.Exp(-effective / _muView);
    }

    /// <summary>Share of the downward light that arrives diffuse (sky light): what lights a shadow.</summary>
    public double DiffuseShare(double aot550)
    {
        double tau = _rayleighTau + aot550 * _aerosolTauPerAot;
        return 0.05 + 0.7 * (1 - Math.Exp(-tau / _muSun));
    }

    /// <summary>Spherical albedo of the atmosphere: multiple reflections between ground and sky.</summary>
    public double SphericalAlbedo(double aot550) => SphericalAlbedoScale * (_rayleighTau + 0.3 * aot550 * _aerosolTauPerAot);
}
