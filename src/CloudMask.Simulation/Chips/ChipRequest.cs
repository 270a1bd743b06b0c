using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Chips;

/// <summary>
/// What chip to simulate. Everything not given is drawn from <paramref name="Seed"/>, so the
/// same request always gives the same chip.
/// </summary>
/// <param name="Seed">Scene seed.</param>
/// <param name="Size">Width and height in pixels.</param>
/// <param name="Sensor">Sensor to image with; null: Sentinel-2 MSI (13 bands, or 12 for BOA).</param>
/// <param name="Level">TOA (L1C-like) or BOA (L2A-like) reflectance.</param>
/// <param name="Kind">Landscape; null: drawn from the seed.</param>
/// <param name="Regime">Cloud regime (see <see cref="SceneSpecFactory.Regimes"/>); null: drawn.</param>
/// <param name="PixelSizeM">Ground sampling; null: the sensor's finest native resolution.</param>
/// <param name="PartialTileChance">Chance of a swath edge (no-data area) crossing the chip.</param>
public sealed record ChipRequest(
    int Seed,
    int Size = 512,
    SimulatedSensor? Sensor = null,
    RadiometricLevel Level = RadiometricLevel.TopOfAtmosphere,
    SceneKind? Kind = null,
    string? Regime = null,
    double? PixelSizeM = null,
    double PartialTileChance = 0.15)
{
    public SimulatedSensor ResolvedSensor => Sensor ?? (Level == RadiometricLevel.BottomOfAtmosphere
        ? SimulatedSensor.Sentinel2MsiL2A
        : SimulatedSensor.Sentinel2Msi);

    public double ResolvedPixelSizeM => PixelSizeM ?? ResolvedSensor.Bands.Min(b => b.ResolutionM);
}
