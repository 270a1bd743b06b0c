using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class CloudMaskAnyModelTests
{
    private static CloudMaskAnyModel SmallModel() =>
        new(new CloudMaskAnyNetwork(new CloudMaskAnyOptions { BandFeatures = 4, DescriptorHidden = 8, Filters = [4, 8, 8], Seed = 2 }), "test");

    public static TheoryData<string, string[]> BandSets => new()
    {
        { "RGB", ["B04", "B03", "B02"] },
        { "RGB+NIR", ["B02", "B03", "B04", "B08"] },
        { "RGB+NIR+SWIR", ["B02", "B03", "B04", "B08", "B11", "B12"] },
        { "S2 L1C (13)", SensorBands.Sentinel2Msi.Select(b => b.Name).ToArray() },
        { "S2 L2A without B10", SensorBands.Sentinel2Msi.Where(b => b.Name != "B10").Select(b => b.Name).ToArray() },
        { "Landsat 8 OLI", SensorBands.Landsat8Oli.Select(b => b.Name).ToArray() },
    };

    [Theory]
    [MemberData(nameof(BandSets))]
    public void Predicts_probabilities_for_any_band_set_and_tile_size(string set, string[] names)
    {
        using var model = SmallModel();
        var bands = names.Select(n => SensorBands.Find(n)!).ToArray();
        Assert.Null(model.CheckBands(bands));
        const int w = 37, h = 29; // not multiples of the network's 4: padding must be handled
        var planes = bands.Select((_, i) => ArraySource.Field(w, h, i)).ToArray();
        var probabilities = new float[4 * w * h];
        model.Predict(new SpectralTile(bands, w, h, planes), probabilities);
        for (var p = 0; p < w * h; p++)
        {
            var sum = probabilities[p] + probabilities[w * h + p] + probabilities[2 * w * h + p] + probabilities[3 * w * h + p];
            Assert.True(Math.Abs(sum - 1) < 1e-4, $"{set}: pixel {p} probabilities sum to {sum}");
        }
    }

    [Fact]
    public void Rejects_inputs_with_fewer_than_three_reflective_bands()
    {
        using var model = SmallModel();
        var problem = model.CheckBands([SensorBands.Find("B04")!, SensorBands.Find("B08")!, new SpectralBand("AOT", 0, 0)]);
        Assert.NotNull(problem);
        Assert.Contains("at least 3", problem);
    }

    [Fact]
    public void Default_architecture_stays_within_the_25_gflop_tile_budget()
    {
        using var network = new CloudMaskAnyNetwork(new CloudMaskAnyOptions());
        var gflop = network.ForwardFlops(13, 512, 512) / 1e9;
        Assert.InRange(gflop, 5, 25);
        Assert.True(network.ParameterCount() * 4 < 20_000_000, "weights must fit the 20 MB budget");
    }

    [Fact]
    public void Weights_file_rebuilds_the_same_model_from_its_metadata()
    {
        using var folder = new TempFolder("weights");
        using var model = SmallModel();
        var path = folder.File("m.safetensors");
        NetworkFile.Save(path, model.Network, new Dictionary<string, string> { [NetworkFile.ModelIdKey] = "cloudmask-any@test" });
        var metadata = NetworkFile.ReadMetadata(path);
        Assert.Equal("cloudmask-any", metadata["architecture"]);
        Assert.Equal("4,8,8", metadata["filters"]);

        var (loaded, info) = ModelCatalog.Load(path);
        Assert.Equal("cloudmask-any@test", loaded.Id);
        Assert.Equal("cloudmask-any@test", info.Id);
        var bands = SensorBands.Landsat8Oli.ToArray();
        var planes = bands.Select((_, i) => ArraySource.Field(16, 16, i)).ToArray();
        var expected = new float[4 * 256];
        var actual = new float[4 * 256];
        model.Predict(new SpectralTile(bands, 16, 16, planes), expected);
        loaded.Predict(new SpectralTile(bands, 16, 16, planes), actual);
        Assert.Equal(expected, actual);
        (loaded as IDisposable)?.Dispose();
    }

    [Fact]
    public void A_file_that_is_not_a_network_gets_an_error_naming_it()
    {
        using var folder = new TempFolder("weights");
        var path = folder.File("bad.safetensors");
        File.WriteAllText(path, "not a safetensors file at all");
        var error = Assert.Throws<InvalidDataException>(() => NetworkFile.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Works_inside_the_tiled_predictor()
    {
        using var model = SmallModel();
        var bands = new[] { SensorBands.Find("B02")!, SensorBands.Find("B03")!, SensorBands.Find("B04")!, SensorBands.Find("B08")! };
        var source = new ArraySource(bands, 70, 50, bands.Select((_, i) => ArraySource.Field(70, 50, i)).ToArray());
        var result = new TiledPredictor(model, new TilingOptions(TileSize: 64, Overlap: 16)).Predict(source);
        Assert.All(result.Mask, code => Assert.InRange(code, (byte)1, (byte)4));
    }
}
