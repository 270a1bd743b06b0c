using CloudMask.Raster;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using CloudMask.TestSupport;

namespace CloudMask.Simulation.Tests;

/// <summary>Chips must follow the chip format of shared/data/SOURCES.md and be reproducible from their seed.</summary>
public class ChipTests
{
    [Fact]
    public void ChipFilesFollowTheChipFormat()
    {
        using var temp = new TempFolder("sim-chip");
        var chip = ChipGenerator.Generate(new ChipRequest(31, 96, Regime: "broken"));
        var (image, label) = ChipWriter.Write(chip, temp.Path, "chip31");

        using (var dataset = RasterDataset.Open(image))
        {
            Assert.Equal(13, dataset.BandCount);
            Assert.Equal(SimulatedSensor.Sentinel2Msi.Bands.Select(b => b.Name), dataset.Bands.Select(b => b.Description));
            Assert.Equal(RasterDataType.Float32, dataset.Band(1).DataType);
            Assert.Equal("1.3735", dataset.Band(11).MetadataItem("CENTRAL_WAVELENGTH_UM", "IMAGERY"));
            Assert.Equal("0.031", dataset.Band(11).MetadataItem("FWHM_UM", "IMAGERY"));
            Assert.Equal(chip.Raster.Bands[1], dataset.Band(2).Read<float>());
        }
        using (var labels = RasterDataset.Open(label))
        {
            Assert.Equal(RasterDataType.Byte, labels.Band(1).DataType);
            Assert.Equal(chip.Raster.Labels, labels.Band(1).Read<byte>());
        }
    }

    [Fact]
    public void ChipOpticalDepthIsWhatItsLabelsAreCutFrom()
    {
        using var temp = new TempFolder("sim-chip-tau");
        var chip = ChipGenerator.Generate(new ChipRequest(33, 96, Regime: "mixed", PartialTileChance: 0));
        var (_, label) = ChipWriter.Write(chip, temp.Path, "chip33", opticalDepth: true);
        using var depthFile = RasterDataset.Open(Path.Combine(temp.Path, "chip33.optical-depth.tif"));
        using var labelFile = RasterDataset.Open(label);
        Assert.Equal(labelFile.GeoTransform, depthFile.GeoTransform);
        var depth = depthFile.Band(1).Read<float>();
        var labels = labelFile.Band(1).Read<byte>();
        var seen = SceneAssertions.LabelsFollowOpticalDepth(labels, depth);
        Assert.Superset(new HashSet<byte> { LabelCodes.Clear, LabelCodes.SemiTransparent }, seen);
        // Without the request, no such file.
        ChipWriter.Write(chip, Path.Combine(temp.Path, "plain"), "chip33");
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "plain"), "*.optical-depth.tif"));
    }

    [Fact]
    public void LandsatChipsCarryOliBandNamesAt30Metres()
    {
        var chip = ChipGenerator.Generate(new ChipRequest(32, 64, Sensor: SimulatedSensor.Landsat8Oli));
        Assert.Equal(30, chip.PixelSizeM);
        Assert.Equal(["OLI_B2", "OLI_B3", "OLI_B4", "OLI_B5", "OLI_B6", "OLI_B7", "OLI_B9"], chip.Sensor.Bands.Select(b => b.Name));
        Assert.All(chip.Raster.Bands.SelectMany(b => b), v => Assert.InRange(v, 0f, chip.Sensor.SaturationReflectance));
    }

    [Fact]
    public void CoarseBandsAreSmootherThanTenMetreBands()
    {
        // The 60 m B01 is rendered on its own grid and upsampled: neighbouring 10 m pixels differ far less than in B02.
        var chip = ChipGenerator.Generate(new ChipRequest(33, 120, Kind: SceneKind.Urban, Regime: "clear", PartialTileChance: 0));
        double Roughness(float[] band) => Enumerable.Range(0, band.Length - 1).Where(i => (i + 1) % 120 != 0).Average(i => Math.Abs(band[i + 1] - band[i]));
        var s2 = chip.Sensor;
        Assert.True(Roughness(chip.Raster.Bands[s2.IndexOf("B01")]) < 0.5 * Roughness(chip.Raster.Bands[s2.IndexOf("B02")]));
    }

    [Fact]
    public void ManyChipsAreReproducible()
    {
        var first = new Dictionary<int, float[]>();
        var second = new Dictionary<int, float[]>();
        ChipGenerator.GenerateMany(40, 4, s => new ChipRequest(s, 48), c => { lock (first) first[c.Spec.Seed] = c.Raster.Bands[3]; });
        ChipGenerator.GenerateMany(40, 4, s => new ChipRequest(s, 48), c => { lock (second) second[c.Spec.Seed] = c.Raster.Bands[3]; });
        Assert.Equal(4, first.Count);
        foreach (var (seed, band) in first) Assert.Equal(band, second[seed]);
    }
}
