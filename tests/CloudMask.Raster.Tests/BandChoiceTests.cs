using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Raster.Tests;

public class BandChoiceTests
{
    [Fact]
    public void Rgb_preset_picks_blue_green_red_by_wavelength_on_sentinel2_and_landsat()
    {
        var rgb = BandChoice.Parse("rgb");
        var s2 = rgb.Select(SensorBands.Sentinel2Msi, "s2.tif").Select(i => SensorBands.Sentinel2Msi[i].Name);
        Assert.Equal(["B02", "B03", "B04"], s2);
        var oli = SensorBands.Landsat8Oli;
        Assert.Equal(["OLI_B2", "OLI_B3", "OLI_B4", "OLI_B5", "OLI_B6", "OLI_B7"],
            BandChoice.Parse("rgbn-swir").Select(oli, "l8.tif").Select(i => oli[i].Name));
    }

    [Fact]
    public void Names_are_kept_in_the_order_given_and_a_missing_one_is_an_error_naming_the_input()
    {
        var choice = BandChoice.Parse("B08, b04");
        Assert.Equal(["B08", "B04"], choice.Select(SensorBands.Sentinel2Msi, "x.tif").Select(i => SensorBands.Sentinel2Msi[i].Name));
        var error = Assert.Throws<ArgumentException>(() => BandChoice.Parse("B02,B99").Select(SensorBands.Sentinel2Msi, "x.tif"));
        Assert.StartsWith("x.tif: has no band B99", error.Message);
        var noSwir = SensorBands.Sentinel2Msi.Take(8).ToArray(); // B01..B08, no SWIR
        Assert.Throws<ArgumentException>(() => BandChoice.Parse("rgbn-swir").Select(noSwir, "vnir.tif"));
    }

    [Fact]
    public void Subset_reads_the_chosen_bands_of_the_source()
    {
        using var dir = new TempFolder();
        var path = dir.File("stack.tif");
        using (var r = new InMemoryRaster(2, 1, 3, RasterDataType.Float32))
        {
            string[] names = ["B02", "B03", "B04"];
            for (var b = 0; b < 3; b++)
            {
                r.Write<float>(b + 1, new[] { 0.1f * (b + 1), 0.5f });
                r.SetDescription(b + 1, names[b]);
            }
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var stack = BandStack.Open(path);
        var view = BandChoice.Parse("B04,B02").Apply(stack);
        Assert.Equal(["B04", "B02"], view.SpectralBands.Select(b => b.Name));
        var buffer = new float[2];
        view.ReadReflectance(0, new Window(0, 0, 2, 1), buffer);
        Assert.Equal(0.3f, buffer[0], 1e-6f);
        view.ReadReflectance(1, new Window(0, 0, 2, 1), buffer);
        Assert.Equal(0.1f, buffer[0], 1e-6f);
        Assert.Equal((2, 1), (view.Width, view.Height));
    }
}
