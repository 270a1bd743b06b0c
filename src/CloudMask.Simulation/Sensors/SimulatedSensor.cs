using CloudMask.Raster.Spectral;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Simulation.Sensors;

/// <summary>
/// A sensor the simulator can image a scene with: its bands and radiometric limits.
/// </summary>
/// <param name="Name">Human-readable name.</param>
/// <param name="Bands">Bands in file order.</param>
/// <param name="SignalToNoise">Signal-to-noise ratio at a reflectance of 0.3 (the noise is signal dependent).</param>
/// <param name="SaturationReflectance">Reflectance at which the detector saturates; brighter pixels are clipped to it.</param>
public sealed record SimulatedSensor(string Name, IReadOnlyList<SimulatedBand> Bands, float SignalToNoise, float SaturationReflectance)
{
    /// <summary>Sentinel-2 MSI, all 13 L1C bands in band_id order, taken from the Sentinel2 layout catalogue.</summary>
    public static SimulatedSensor Sentinel2Msi { get; } = new(
        "Sentinel-2 MSI",
        MsiBands.All.Select(b => new SimulatedBand(b.Name, b.CentralWavelengthUm, b.FwhmUm, b.NativeResolutionM)).ToArray(),
        SignalToNoise: 180f,
        // MSI's 12-bit detectors are tuned so that clouds and snow rarely saturate; keep a high ceiling.
        SaturationReflectance: 1.6f);

    /// <summary>Sentinel-2 L2A bands: the 12 bands without the cirrus band B10.</summary>
    public static SimulatedSensor Sentinel2MsiL2A { get; } = Sentinel2Msi with
    {
        Bands = Sentinel2Msi.Bands.Where(b => b.Name != "B10").ToArray(),
    };

    /// <summary>Landsat 8 OLI, the seven bands of the chip format (OLI_B2..OLI_B7, OLI_B9) at 30 m.</summary>
    public static SimulatedSensor Landsat8Oli { get; } = new(
        "Landsat 8 OLI",
        FromCatalogue(SensorBands.Landsat8Oli.Where(b => b.Name != "OLI_B1"), 30),
        SignalToNoise: 200f,
        // OLI's 12-bit range saturates over the brightest cloud tops and fresh snow in the blue.
        SaturationReflectance: 1.2f);

    /// <summary>Landsat 7 ETM+ (and, close enough, Landsat 5 TM): six reflective bands at 30 m, no cirrus band.</summary>
    public static SimulatedSensor Landsat7Etm { get; } = new(
        "Landsat 7 ETM+",
        FromCatalogue(SensorBands.Landsat7Etm, 30),
        SignalToNoise: 80f,
        // ETM+ and TM saturate readily over cloud and snow in the visible bands.
        SaturationReflectance: 0.9f);

    private static SimulatedBand[] FromCatalogue(IEnumerable<SpectralBand> bands, int resolutionM) =>
        bands.Select(b => new SimulatedBand(b.Name, b.CentralWavelengthUm, b.FwhmUm, (int)(b.NativeResolutionM ?? resolutionM))).ToArray();

    public int IndexOf(string bandName)
    {
        for (int i = 0; i < Bands.Count; i++) if (Bands[i].Name == bandName) return i;
        throw new ArgumentException($"{Name} has no band '{bandName}'; bands: {string.Join(", ", Bands.Select(b => b.Name))}.", nameof(bandName));
    }

    /// <summary>Finds a sensor by a short name: s2 (L1C bands), s2-l2a, l8, l7.</summary>
    public static SimulatedSensor Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "s2" or "s2-l1c" or "sentinel2" or "sentinel-2" => Sentinel2Msi,
        "s2-l2a" => Sentinel2MsiL2A,
        "l8" or "landsat8" or "landsat-8" or "oli" => Landsat8Oli,
        "l7" or "landsat7" or "landsat-7" or "etm" or "l5" => Landsat7Etm,
        _ => throw new ArgumentException($"Unknown sensor '{name}'; valid: s2, s2-l2a, l8, l7.", nameof(name)),
    };
}
