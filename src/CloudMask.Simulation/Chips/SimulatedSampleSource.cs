using System.Collections.Concurrent;
using CloudMask.Masking.Data;
using CloudMask.Raster.Spectral;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Chips;

/// <summary>
/// Training samples from the simulator, generated on first use and kept in memory: sample i is
/// the chip of seed FirstSeed + i imaged by sensor i mod Sensors.Count (so every sensor gets
/// every kind of scene in turn), with the simulator's exact labels. A share of the chips can be
/// made cloud-free, as most sub-tiles of real products are (for experiments that depend on how
/// redundant a pool is, such as active learning).
/// </summary>
public sealed class SimulatedSampleSource : ISampleSource
{
    private readonly ConcurrentDictionary<int, Lazy<LabelledSample>> cache = new();

    /// <param name="firstSeed">Seed of sample 0; keep training and evaluation seeds apart.</param>
    /// <param name="count">Number of distinct samples.</param>
    /// <param name="size">Chip side in pixels.</param>
    /// <param name="sensors">Sensors to image with (L2A-like BOA for <see cref="SimulatedSensor.Sentinel2MsiL2A"/>).</param>
    /// <param name="clearShare">Share of chips (drawn per index, deterministically) simulated without clouds.</param>
    public SimulatedSampleSource(int firstSeed, int count, int size, IReadOnlyList<SimulatedSensor> sensors, double clearShare = 0)
    {
        if (clearShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(clearShare), clearShare, "must be between 0 and 1");
        ClearShare = clearShare;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        if (sensors.Count == 0) throw new ArgumentException("at least one sensor is needed", nameof(sensors));
        (FirstSeed, Count, Size, Sensors) = (firstSeed, count, size, sensors);
    }

    public int FirstSeed { get; }
    public int Count { get; }
    public int Size { get; }
    public IReadOnlyList<SimulatedSensor> Sensors { get; }
    public double ClearShare { get; }

    /// <summary>Whether sample <paramref name="index"/> is simulated cloud-free.</summary>
    public bool IsClear(int index) => ClearShare > 0 && new Random(unchecked(FirstSeed * 7919 + index)).NextDouble() < ClearShare;

    public string Description => $"{Count} simulated chips of {Size} px (seeds {FirstSeed}..{FirstSeed + Count - 1}; {string.Join(", ", Sensors.Select(s => s.Name))}"
        + (ClearShare > 0 ? $"; {ClearShare:P0} cloud-free)" : ")");

    public LabelledSample Load(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        // Lazy: two threads asking for one chip generate it once.
        return cache.GetOrAdd(index, i => new Lazy<LabelledSample>(() => Generate(i))).Value;
    }

    private LabelledSample Generate(int index)
    {
        var sensor = Sensors[index % Sensors.Count];
        var level = sensor == SimulatedSensor.Sentinel2MsiL2A ? RadiometricLevel.BottomOfAtmosphere : RadiometricLevel.TopOfAtmosphere;
        var chip = ChipGenerator.Generate(new ChipRequest(FirstSeed + index, Size, sensor, level, Regime: IsClear(index) ? "clear" : null));
        var bands = sensor.Bands.Select(b => new SpectralBand(b.Name, b.CentralWavelengthUm, b.FwhmUm, b.ResolutionM)).ToArray();
        var raster = chip.Raster;
        // No-data pixels have reflectance 0 and label 0 (missing): the label already excludes them.
        return new LabelledSample($"sim_{FirstSeed + index:000000}_{sensor.Name}", bands, raster.Width, raster.Height, raster.Bands, raster.Labels).Validated();
    }
}
