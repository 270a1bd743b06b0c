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
        Assert.Equal(ProbabilitiesOnLandsatField(model), ProbabilitiesOnLandsatField(loaded));
        (loaded as IDisposable)?.Dispose();
    }

    [Fact]
    public void Logit_offsets_in_a_file_copy_shift_its_probabilities_as_a_softmax_of_shifted_logits()
    {
        using var folder = new TempFolder("offsets");
        using var model = SmallModel();
        string plain = folder.File("plain.safetensors"), shifted = folder.File("shifted.safetensors");
        NetworkFile.Save(plain, model.Network);
        var offsets = new LogitOffsets([0f, -0.5f, 1.25f, 0.3f]);
        NetworkFile.SaveCopy(plain, shifted, new Dictionary<string, string> { [LogitOffsets.MetadataKey] = offsets.ToString() }, overwrite: false);
        Assert.Throws<CloudMask.Raster.OutputExistsException>(() => NetworkFile.SaveCopy(plain, shifted, new Dictionary<string, string>(), overwrite: false));

        using var before = (CloudMaskAnyModel)NetworkFile.Load(plain);
        using var after = (CloudMaskAnyModel)NetworkFile.Load(shifted);
        Assert.True(before.Offsets.IsNone);
        Assert.Equal(offsets, after.Offsets.General);
        Assert.Empty(after.Offsets.Coverages);
        var p = ProbabilitiesOnLandsatField(before);
        var q = ProbabilitiesOnLandsatField(after);
        // softmax(l + o): q_c is proportional to p_c * exp(o_c).
        AssertShiftedSoftmax(p, q, offsets);
    }

    [Fact]
    public void Offsets_kept_for_visible_input_shift_rgb_input_and_leave_inputs_with_infrared_bands_alone()
    {
        using var folder = new TempFolder("offsets");
        using var model = SmallModel();
        string plain = folder.File("plain.safetensors"), shifted = folder.File("rgb.safetensors");
        NetworkFile.Save(plain, model.Network);
        var offsets = new LogitOffsets([0f, 0.4f, -1.5f, 0.8f]);
        NetworkFile.SaveCopy(plain, shifted, new Dictionary<string, string> { [LogitOffsetTable.MetadataKey(BandCoverage.Visible)] = offsets.ToString() }, overwrite: false);

        using var before = (CloudMaskAnyModel)NetworkFile.Load(plain);
        using var after = (CloudMaskAnyModel)NetworkFile.Load(shifted);
        Assert.True(after.Offsets.General.IsNone);
        Assert.Equal(offsets, after.Offsets.For(BandCoverage.Visible));
        // All of Landsat 8's bands and R, G, B + NIR: nothing moves.
        Assert.Equal(ProbabilitiesOnLandsatField(before), ProbabilitiesOnLandsatField(after));
        Assert.Equal(ProbabilitiesOn(before, "B02", "B03", "B04", "B08"), ProbabilitiesOn(after, "B02", "B03", "B04", "B08"));
        // R, G, B alone: softmax(l + o), q_c proportional to p_c * exp(o_c).
        var p = ProbabilitiesOn(before, "B02", "B03", "B04");
        var q = ProbabilitiesOn(after, "B02", "B03", "B04");
        AssertShiftedSoftmax(p, q, offsets);
    }

    [Theory]
    [InlineData("0,0,1")]
    [InlineData("0,0,x,0")]
    [InlineData("0,0,NaN,0")]
    public void Malformed_logit_offsets_are_refused_with_the_text(string text)
    {
        var e = Assert.Throws<FormatException>(() => LogitOffsets.Parse(text));
        Assert.Contains(text, e.Message);
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

    [Fact]
    public void Two_tiles_at_once_give_the_one_at_a_time_probabilities_up_to_rounding()
    {
        using var model = SmallModel();
        var bands = new[] { SensorBands.Find("B02")!, SensorBands.Find("B03")!, SensorBands.Find("B04")!, SensorBands.Find("B08")! };
        var source = new ArraySource(bands, 150, 90, bands.Select((_, i) => ArraySource.Field(150, 90, i + 0.5)).ToArray());
        var one = new TiledPredictor(model, new TilingOptions(64, 16, Workers: 1)).Predict(source, PredictionOutputs.Probabilities);
        var two = new TiledPredictor(model, new TilingOptions(64, 16, Workers: 2)).Predict(source, PredictionOutputs.Probabilities);

        // Two oneDNN sessions, one OpenMP thread each, against one session on all threads:
        // probabilities (stored x 255) agree to one step, classes except at near-ties.
        for (var c = 0; c < 4; c++)
            Assert.All(one.Probabilities![c].Zip(two.Probabilities![c]), p => Assert.InRange(p.First - p.Second, -1, 1));
        Assert.True(one.Mask.Zip(two.Mask).Count(p => p.First != p.Second) <= one.Mask.Length / 1000);
    }

    /// <summary>The model's 4-class probabilities on a 16x16 synthetic Landsat 8 tile (a smooth field per band).</summary>
    /// <summary>softmax(l + o) from softmax(l): q_c is proportional to p_c * exp(o_c), pixel by pixel (16 x 16).</summary>
    private static void AssertShiftedSoftmax(float[] p, float[] q, LogitOffsets offsets)
    {
        for (var i = 0; i < 256; i++)
        {
            var norm = Enumerable.Range(0, 4).Sum(c => p[c * 256 + i] * MathF.Exp(offsets.Values[c]));
            for (var c = 0; c < 4; c++) Assert.Equal(p[c * 256 + i] * MathF.Exp(offsets.Values[c]) / norm, q[c * 256 + i], 1e-5f);
        }
    }

    private static float[] ProbabilitiesOn(ISegmentationModel model, params string[] names)
    {
        var bands = names.Select(n => SensorBands.Find(n)!).ToArray();
        var planes = bands.Select((_, i) => ArraySource.Field(16, 16, i)).ToArray();
        var probabilities = new float[4 * 256];
        model.Predict(new SpectralTile(bands, 16, 16, planes), probabilities);
        return probabilities;
    }

    private static float[] ProbabilitiesOnLandsatField(ISegmentationModel model)
    {
        var bands = SensorBands.Landsat8Oli.ToArray();
        var planes = bands.Select((_, i) => ArraySource.Field(16, 16, i)).ToArray();
        var probabilities = new float[4 * 256];
        model.Predict(new SpectralTile(bands, 16, 16, planes), probabilities);
        return probabilities;
    }
}
