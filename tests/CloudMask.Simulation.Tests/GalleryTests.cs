using CloudMask.Raster;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Gallery;
using CloudMask.TestSupport;

namespace CloudMask.Simulation.Tests;

/// <summary>The gallery writes PNGs through GDAL and picks seeds that show what the captions promise.</summary>
public class GalleryTests
{
    [Fact]
    public void PreviewsAreRgbAndPalettePngs()
    {
        using var temp = new TempFolder("sim-gallery");
        var chip = ChipGenerator.Generate(new ChipRequest(51, 64, Regime: "cumulus"));
        PreviewWriter.WriteTrueColour(chip.Raster, chip.Sensor, temp.File("a.png"));
        PreviewWriter.WriteLabels(chip.Raster, temp.File("a.label.png"));
        using var rgb = RasterDataset.Open(temp.File("a.png"));
        Assert.Equal(("PNG", 3), (rgb.DriverName, rgb.BandCount));
        using var labels = RasterDataset.Open(temp.File("a.label.png"));
        Assert.NotNull(labels.Band(1).ColorTable);
        Assert.Equal(chip.Raster.Labels, labels.Band(1).Read<byte>());
    }

    [Fact]
    public void ChosenSeedsFitTheCaptions()
    {
        var scene = GalleryBuilder.Scenes.Single(s => s.Name == "10_mixed_overcast");
        int seed = GalleryBuilder.FirstFittingSeed(scene);
        var chip = ChipGenerator.Generate(scene.Request with { Seed = seed, Size = 128, PixelSizeM = 40 });
        var fractions = chip.Raster.LabelFractions();
        Assert.InRange(fractions[3] + fractions[4], scene.MinCloud - 0.1, scene.MaxCloud + 0.1);
    }
}
