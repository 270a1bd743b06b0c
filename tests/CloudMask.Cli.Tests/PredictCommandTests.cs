using System.Text.Json;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class PredictCommandTests
{
    // Reflectances that reach the Hollstein tree's "cloud" and "clear" leaves (see HollsteinTests).
    private static readonly Dictionary<string, float> Cloud = new()
    {
        ["B01"] = 0.60f, ["B02"] = 0.60f, ["B03"] = 0.60f, ["B04"] = 0.60f, ["B05"] = 0.60f, ["B06"] = 0.58f, ["B07"] = 0.60f,
        ["B08"] = 0.56f, ["B8A"] = 0.55f, ["B09"] = 0.30f, ["B10"] = 0.05f, ["B11"] = 0.40f, ["B12"] = 0.30f,
    };
    private static readonly Dictionary<string, float> Vegetation = new()
    {
        ["B01"] = 0.08f, ["B02"] = 0.05f, ["B03"] = 0.08f, ["B04"] = 0.05f, ["B05"] = 0.10f, ["B06"] = 0.25f, ["B07"] = 0.30f,
        ["B08"] = 0.34f, ["B8A"] = 0.35f, ["B09"] = 0.10f, ["B10"] = 0.002f, ["B11"] = 0.15f, ["B12"] = 0.08f,
    };

    /// <summary>A 13-band L1C stack, uint16 DN, with a square of cloud in the middle; optionally in UTM.</summary>
    internal static string WriteScene(TempFolder dir, string name, bool georeferenced, int size = 90)
    {
        var path = dir.File(name);
        using var r = new InMemoryRaster(size, size, 13, RasterDataType.UInt16);
        if (georeferenced)
        {
            r.GeoTransform = new GeoTransform(600000, 10, 0, 5100000, 0, -10);
            r.Crs = Crs.FromEpsg(32633);
        }
        for (var b = 0; b < 13; b++)
        {
            var band = SensorBands.Sentinel2Msi[b].Name;
            var data = new ushort[size * size];
            for (var i = 0; i < data.Length; i++)
            {
                int x = i % size, y = i / size;
                var cloudy = x >= size / 3 && x < 2 * size / 3 && y >= size / 3 && y < 2 * size / 3;
                data[i] = (ushort)Math.Round((cloudy ? Cloud : Vegetation)[band] * 10000);
            }
            r.Write<ushort>(b + 1, data);
            r.SetDescription(b + 1, band);
        }
        r.SaveAs(path, RasterFormat.GeoTiff);
        return path;
    }

    [Fact]
    public void Writes_a_cog_mask_on_the_input_grid_and_a_json_summary()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: true);
        var output = dir.File("out");
        var result = CliProcess.Run("predict", input, "--out", output, "--model", "hollstein");
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("1 written, 0 skipped, 0 failed", result.StdOut);

        using var mask = RasterDataset.Open(Path.Combine(output, "scene.mask.tif"));
        using var source = RasterDataset.Open(input);
        Assert.Equal((source.Width, source.Height), (mask.Width, mask.Height));
        Assert.Equal(source.GeoTransform, mask.GeoTransform);
        Assert.Equal(32633, Crs.EpsgCode(mask.Crs));
        Assert.Equal("COG", mask.MetadataItem("LAYOUT", "IMAGE_STRUCTURE"));
        Assert.NotNull(mask.Band(1).ColorTable);
        var codes = mask.Band(1).Read<byte>();
        Assert.Equal(4, codes[45 * 90 + 45]); // cloud square
        Assert.Equal(1, codes[5 * 90 + 5]);   // vegetation
        Assert.Equal("hollstein-2016", mask.MetadataItem("CLOUDMASK_MODEL"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "scene.mask.json")));
        var cover = json.RootElement.GetProperty("cloud_cover_percent").GetDouble();
        Assert.Equal(100.0 * 30 * 30 / (90 * 90), cover, 3);
        Assert.Equal(100, json.RootElement.GetProperty("valid_percent").GetDouble());
        Assert.Equal("hollstein-2016", json.RootElement.GetProperty("model").GetProperty("id").GetString());
        Assert.True(json.RootElement.GetProperty("timings_seconds").GetProperty("model").GetDouble() >= 0);
    }

    [Fact]
    public void Reports_the_lone_shadow_check_and_leaves_it_out_with_keep_lone_shadows()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: true);

        var checkedRun = CliProcess.Run("predict", input, "--out", dir.File("checked"), "--model", "hollstein");
        Assert.True(checkedRun.ExitCode == 0, checkedRun.StdErr + checkedRun.StdOut);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("checked"), "scene.mask.json"))))
        {
            // 10 m pixels and no sun angle: the 20 km default reach is 2000 pixels.
            var check = json.RootElement.GetProperty("shadow_check");
            Assert.Equal(2000, check.GetProperty("reach_pixels").GetInt32());
            Assert.Equal(0, check.GetProperty("shadow_pixels_cleared").GetInt64());
        }

        var keptRun = CliProcess.Run("predict", input, "--out", dir.File("kept"), "--model", "hollstein", "--keep-lone-shadows");
        Assert.True(keptRun.ExitCode == 0, keptRun.StdErr + keptRun.StdOut);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("kept"), "scene.mask.json"))))
            Assert.False(json.RootElement.TryGetProperty("shadow_check", out _));
    }

    [Fact]
    public void Input_without_georeferencing_gives_a_mask_without()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "plain.tif", georeferenced: false);
        var result = CliProcess.Run("predict", input, "--out", dir.Path, "--model", "hollstein");
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var mask = RasterDataset.Open(dir.File("plain.mask.tif"));
        Assert.Null(mask.Crs);
        Assert.Null(mask.GeoTransform);
    }

    [Fact]
    public void A_failing_input_does_not_stop_the_others_and_leaves_nothing()
    {
        using var dir = new TempFolder();
        var good = WriteScene(dir, "good.tif", georeferenced: true);
        var bad = dir.File("bad.tif");
        File.WriteAllText(bad, "not a raster");
        var output = dir.File("out");
        var result = CliProcess.Run("predict", bad, good, "--out", output, "--model", "hollstein");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"failed   {bad}: not a raster", result.StdOut);
        Assert.Contains("1 written, 0 skipped, 1 failed", result.StdOut);
        Assert.Equal(["good.item.json", "good.mask.json", "good.mask.tif"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("   at ", result.StdErr + result.StdOut);
    }

    [Fact]
    public void Existing_outputs_are_skipped_unless_overwrite()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: true);
        var maskPath = dir.File("scene.mask.tif");
        File.WriteAllText(maskPath, "user's own file");
        var skipped = CliProcess.Run("predict", input, "--out", dir.Path, "--model", "hollstein");
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("0 written, 1 skipped", skipped.StdOut);
        Assert.Equal("user's own file", File.ReadAllText(maskPath));
        Assert.False(File.Exists(dir.File("scene.mask.json")));

        var replaced = CliProcess.Run("predict", input, "--out", dir.Path, "--model", "hollstein", "--overwrite");
        Assert.True(replaced.ExitCode == 0, replaced.StdErr);
        using var mask = RasterDataset.Open(maskPath);
        Assert.Equal(90, mask.Width);
    }

    [Fact]
    public void Probabilities_are_written_when_asked()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: true);
        var result = CliProcess.Run("predict", input, "--out", dir.Path, "--model", "hollstein", "--probabilities");
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var probabilities = RasterDataset.Open(dir.File("scene.prob.tif"));
        Assert.Equal(4, probabilities.BandCount);
        Assert.Equal(255, probabilities.Band(4).Read<byte>()[45 * 90 + 45]); // p(cloud) in the square
        Assert.Equal(0, probabilities.Band(4).Read<byte>()[0]);
    }

    [Fact]
    public void Without_model_the_shipped_network_masks_an_obvious_cloud()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: true);
        var result = CliProcess.Run("predict", input, "--out", dir.Path);
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("scene.mask.json")));
        Assert.StartsWith("cloudmask-any", json.RootElement.GetProperty("model").GetProperty("id").GetString());
        using var mask = RasterDataset.Open(dir.File("scene.mask.tif"));
        var codes = mask.Band(1).Read<byte>();
        Assert.Contains(codes[45 * 90 + 45], new byte[] { 3, 4 }); // the bright square is cloud (thin or thick)
        Assert.Equal(1, codes[5 * 90 + 5]);                         // vegetation is clear
    }

    [Fact]
    public void Band_names_let_the_network_read_a_stack_with_unnamed_bands()
    {
        // Red, green, blue, NIR in that order, with no band descriptions or wavelengths, as some exports come.
        using var dir = new TempFolder();
        const int size = 90;
        var input = dir.File("rgbn.tif");
        using (var r = new InMemoryRaster(size, size, 4, RasterDataType.Float32))
        {
            string[] s2 = ["B04", "B03", "B02", "B08"];
            for (var b = 0; b < 4; b++)
            {
                var data = new float[size * size];
                for (var i = 0; i < data.Length; i++)
                {
                    int x = i % size, y = i / size;
                    var cloudy = x >= size / 3 && x < 2 * size / 3 && y >= size / 3 && y < 2 * size / 3;
                    data[i] = (cloudy ? Cloud : Vegetation)[s2[b]];
                }
                r.Write<float>(b + 1, data);
            }
            r.SaveAs(input, RasterFormat.GeoTiff);
        }

        var unnamed = CliProcess.Run("predict", input, "--out", dir.File("a"));
        Assert.Equal(1, unnamed.ExitCode);
        Assert.Contains("has no name", unnamed.StdOut);
        var miscounted = CliProcess.Run("predict", input, "--out", dir.File("b"), "--band-names", "red,green,blue");
        Assert.Equal(1, miscounted.ExitCode);
        Assert.Contains("has 4 bands, but 3 band names were given", miscounted.StdOut);

        var named = CliProcess.Run("predict", input, "--out", dir.File("c"), "--band-names", "red,green,blue,nir");
        Assert.True(named.ExitCode == 0, named.StdErr + named.StdOut);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("c/rgbn.mask.json")));
        Assert.Contains("red:given name", json.RootElement.GetProperty("input_metadata").GetProperty("bands").GetString());
        using var mask = RasterDataset.Open(dir.File("c/rgbn.mask.tif"));
        var codes = mask.Band(1).Read<byte>();
        Assert.Contains(codes[45 * size + 45], new byte[] { 3, 4 }); // the bright square is cloud (thin or thick)
        Assert.Equal(1, codes[5 * size + 5]);                         // vegetation is clear
    }

    [Fact]
    public void Resolution_20_masks_a_10_m_stack_on_a_20_m_grid_with_the_same_extent()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: true);
        var result = CliProcess.Run("predict", input, "--out", dir.Path, "--model", "hollstein", "--resolution", "20", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var mask = RasterDataset.Open(dir.File("scene.mask.tif"));
        Assert.Equal((45, 45), (mask.Width, mask.Height));
        Assert.Equal(new GeoTransform(600000, 20, 0, 5100000, 0, -20), mask.GeoTransform);
        var codes = mask.Band(1).Read<byte>();
        Assert.Equal(4, codes[22 * 45 + 22]); // the cloud square, averaged from 10 m
        Assert.Equal(1, codes[2 * 45 + 2]);
    }

    [Fact]
    public void Resolution_needs_a_georeferenced_stack()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "plain.tif", georeferenced: false);
        var output = dir.File("out");
        var result = CliProcess.Run("predict", input, "--out", output, "--model", "hollstein", "--resolution", "20");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"failed   {input}: has no georeferencing", result.StdOut);
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public void Resolution_60_stacks_a_product_at_60_m()
    {
        using var dir = new TempFolder();
        var product = CloudMask.Simulation.Products.SafeProductWriter.Write(
            new CloudMask.Simulation.Products.ProductRequest(7, Size: 360, PartialTileChance: 0), dir.Path).ProductPath;
        var output = dir.File("out");
        var result = CliProcess.Run("predict", product, "--out", output, "--model", "hollstein", "--resolution", "60");
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var mask = RasterDataset.Open(Directory.GetFiles(output, "*.mask.tif").Single());
        Assert.Equal((60, 60), (mask.Width, mask.Height));
        Assert.Equal(60, mask.GeoTransform!.Value.PixelWidth);

        var wrong = CliProcess.Run("predict", product, "--out", dir.File("out30"), "--model", "hollstein", "--resolution", "30");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("10, 20 or 60 m, not 30 m", wrong.StdOut);
    }

    [Fact]
    public void Unknown_model_is_said_plainly_with_the_available_ones()
    {
        using var dir = new TempFolder();
        var input = WriteScene(dir, "scene.tif", georeferenced: false, size: 8);
        var result = CliProcess.Run("predict", input, "--out", dir.Path, "--model", "kappamask-v9");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown model 'kappamask-v9'", result.StdErr);
        Assert.Contains("cloudmask-any, hollstein", result.StdErr);
        Assert.Equal(["scene.tif"], dir.FileNames());
    }

    [Theory]
    [InlineData("/d/X.tif", "X")]
    [InlineData("/d/NAME.SAFE", "NAME")]
    [InlineData("/d/NAME.SAFE/", "NAME")]
    [InlineData("/d/NAME.zip", "NAME")]
    [InlineData("/d/NAME.SAFE.zip", "NAME")]
    [InlineData("/d/S2A_X.SAFE/MTD_MSIL1C.xml", "S2A_X")]
    [InlineData("/d/a.b.tif", "a.b")]
    public void Output_stem_follows_the_input_name(string input, string stem) =>
        Assert.Equal(stem, CloudMask.Masking.Output.OutputNames.Stem(input));
}
