using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

/// <summary>STEM.rgb.tif: the true colour predict --preview writes for the map viewer to lay the mask over.</summary>
public class QuickLookTests
{
    [Fact]
    public void Predict_with_preview_writes_the_true_colour_as_a_cog_on_the_masks_grid()
    {
        using var dir = new TempFolder();
        var input = dir.File("scene.tif");
        const int size = 96;
        using (var r = new InMemoryRaster(size, size, 13, RasterDataType.Float32) { GeoTransform = new GeoTransform(600000, 10, 0, 5100000, 0, -10), Crs = Crs.FromEpsg(32633) })
        {
            for (var b = 1; b <= 13; b++)
            {
                var name = Raster.Spectral.SensorBands.Sentinel2Msi[b - 1].Name;
                r.SetDescription(b, name);
                // Red 0.2, green 0.1, blue 0.05 reflectance; the left quarter has no data.
                var value = name switch { "B04" => 0.2f, "B03" => 0.1f, "B02" => 0.05f, _ => 0.15f };
                r.Write<float>(b, Enumerable.Range(0, size * size).Select(i => i % size < size / 4 ? float.NaN : value).ToArray());
            }
            r.SaveAs(input, RasterFormat.GeoTiff);
        }
        var (model, info) = ModelCatalog.Load("hollstein");
        var outcome = new MaskJob(model, info, new MaskJobOptions(dir.Path, Preview: true)).Run(input);
        Assert.Equal(MaskJobStatus.Written, outcome.Status);
        Assert.Contains(dir.File("scene.rgb.tif"), outcome.Files);

        using var rgb = RasterDataset.Open(dir.File("scene.rgb.tif"));
        using var mask = RasterDataset.Open(dir.File("scene.mask.tif"));
        Assert.Equal((mask.Width, mask.Height, mask.GeoTransform), (rgb.Width, rgb.Height, rgb.GeoTransform));
        Assert.Equal(32633, Crs.EpsgCode(rgb.Crs));
        Assert.Equal("COG", rgb.MetadataItem("LAYOUT", "IMAGE_STRUCTURE"));
        Assert.Equal(3, rgb.BandCount);
        // Reflectance x 3.5 x 255, within what JPEG keeps; black where the input has no data.
        var expected = new[] { 0.2 * 3.5 * 255, 0.1 * 3.5 * 255, 0.05 * 3.5 * 255 };
        for (var b = 0; b < 3; b++)
        {
            var values = rgb.Band(b + 1).Read<byte>();
            Assert.InRange(values[50 * size + 70], expected[b] - 6, expected[b] + 6);
            Assert.InRange(values[50 * size + 5], 0, 6);
        }
    }
}
