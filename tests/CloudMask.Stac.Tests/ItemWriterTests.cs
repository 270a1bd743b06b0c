using System.Text.Json.Nodes;
using CloudMask.Masking.Inference;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Stac.Tests;

/// <summary>
/// A Sentinel-2 STAC Item served over HTTP (range requests, as cloud storage answers) is masked
/// through GDAL's /vsicurl/, and the Item written beside the mask validates against the STAC schemas.
/// </summary>
public class ItemWriterTests
{
    private const int Size = 96;

    /// <summary>An Earth Search style L2A Item: common-name asset keys, eo:bands, raster:bands scale/offset, a JP2 twin and a TCI to skip.</summary>
    private static JsonObject EarthSearchItem(IReadOnlyDictionary<string, string> files)
    {
        string[] keys = ["coastal", "blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "nir09", "cirrus", "swir16", "swir22"];
        var assets = new JsonObject();
        for (var b = 0; b < 13; b++)
        {
            var name = Sentinel2Bands.Names[b];
            assets[keys[b]] = new JsonObject
            {
                ["href"] = "bands/" + files[name], ["type"] = "image/tiff; application=geotiff; profile=cloud-optimized", ["roles"] = new JsonArray("data", "reflectance"),
                ["eo:bands"] = new JsonArray(new JsonObject { ["name"] = name, ["common_name"] = keys[b] }),
                ["raster:bands"] = new JsonArray(new JsonObject { ["nodata"] = 0, ["data_type"] = "uint16", ["scale"] = 0.0001, ["offset"] = -0.1 }),
            };
            assets[keys[b] + "-jp2"] = new JsonObject { ["href"] = "missing/" + name + ".jp2", ["type"] = "image/jp2", ["roles"] = new JsonArray("data") };
        }
        assets["visual"] = new JsonObject
        {
            ["href"] = "missing/TCI.tif", ["roles"] = new JsonArray("visual"),
            ["eo:bands"] = new JsonArray(new JsonObject { ["name"] = "red" }, new JsonObject { ["name"] = "green" }, new JsonObject { ["name"] = "blue" }),
        };
        return new JsonObject
        {
            ["type"] = "Feature", ["stac_version"] = "1.0.0", ["id"] = "S2B_33TUM_20240612_0_L2A",
            ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse("[[[12.7,46.0],[12.72,46.0],[12.72,46.01],[12.7,46.01],[12.7,46.0]]]") },
            ["bbox"] = new JsonArray(12.7, 46.0, 12.72, 46.01),
            ["properties"] = new JsonObject { ["datetime"] = "2024-06-12T10:06:29.024000Z", ["platform"] = "sentinel-2b", ["s2:processing_baseline"] = "05.10" },
            ["links"] = new JsonArray(), ["assets"] = assets,
        };
    }

    [Fact]
    public async Task A_stac_item_served_over_http_is_masked_and_its_mask_item_validates()
    {
        using var dir = new TempFolder("stac");
        var site = Directory.CreateDirectory(dir.File("site")).FullName;
        var bands = Directory.CreateDirectory(Path.Combine(site, "bands")).FullName;
        var files = Sentinel2Bands.WriteBandFiles(bands, Size, offsetDn: 1000); // baseline 04.00+: DN = reflectance x 10000 + 1000
        File.WriteAllText(Path.Combine(site, "item.json"), EarthSearchItem(files).ToJsonString());
        await using var http = await StaticHttpServer.StartAsync(site);

        var output = dir.File("out");
        Directory.CreateDirectory(output);
        var pipeline = MaskPipeline.Create(new MaskSettings { Model = "hollstein", Preview = true }, output);
        var outcome = pipeline.Run($"{http.Url}/item.json");
        Assert.True(outcome.Status == MaskJobStatus.Written, outcome.Message);

        // Band files were read where the Item points, in byte ranges, and the JP2 twins and the TCI were not touched.
        Assert.Contains(http.Requests, r => r.Path == "/bands/B02.tif" && r.Range.StartsWith("bytes=", StringComparison.Ordinal));
        Assert.DoesNotContain(http.Requests, r => r.Path.StartsWith("/missing/", StringComparison.Ordinal));

        // The mask: cloud square in the middle (so the offset and scale were applied), clear around it.
        using (var mask = RasterDataset.Open(Path.Combine(output, "S2B_33TUM_20240612_0_L2A.mask.tif")))
        {
            Assert.Equal((Size, Size), (mask.Width, mask.Height));
            var codes = mask.Band(1).Read<byte>();
            Assert.Equal(4, codes[Size / 2 * Size + Size / 2]);
            Assert.Equal(1, codes[5 * Size + 5]);
        }

        var item = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "S2B_33TUM_20240612_0_L2A.item.json")))!;
        var errors = StacSchemas.Errors(item);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(100.0 * 32 * 32 / (Size * Size), item["properties"]!["eo:cloud_cover"]!.GetValue<double>(), 1);
        Assert.Equal(32633, item["properties"]!["proj:epsg"]!.GetValue<int>());
        Assert.Equal("2024-06-12T10:06:29.024Z", item["properties"]!["datetime"]!.GetValue<string>());
        Assert.Equal("S2B_33TUM_20240612_0_L2A.mask.tif", item["assets"]!["mask"]!["href"]!.GetValue<string>());
        Assert.Contains("cloud-shadow", item["assets"]!["mask"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["missing", "clear", "cloud_shadow", "semi_transparent_cloud", "cloud"],
            item["assets"]!["mask"]!["classification:classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("S2B_33TUM_20240612_0_L2A.preview.png", item["assets"]!["preview"]!["href"]!.GetValue<string>());
        Assert.Equal($"{http.Url}/item.json", item["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "derived_from")!["href"]!.GetValue<string>());
        Assert.Equal("hollstein-2016", item["properties"]!["cloudmask:model"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void A_band_stack_mask_gets_an_item_with_its_footprint_in_wgs84()
    {
        using var dir = new TempFolder("stac");
        var input = Sentinel2Bands.WriteStack(dir.File("scene.tif"), 60);
        var outcome = MaskPipeline.Create(new MaskSettings { Model = "hollstein" }, dir.Path).Run(input);
        Assert.True(outcome.Status == MaskJobStatus.Written, outcome.Message);
        var item = JsonNode.Parse(File.ReadAllText(dir.File("scene.item.json")))!;
        Assert.Empty(StacSchemas.Errors(item));
        // UTM 33N, easting 600 km, northing 5100 km: about 16.3 E, 46.0 N.
        var bbox = item["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.InRange(bbox[0], 16.2, 16.4);
        Assert.InRange(bbox[1], 45.9, 46.1);
        Assert.True(bbox[2] > bbox[0] && bbox[3] > bbox[1]);
    }

    /// <summary>The schemas do reject what is wrong: each broken copy of a valid Item fails, naming why.</summary>
    [Theory]
    [InlineData("no datetime", "properties.datetime")]
    [InlineData("cloud cover over 100", "properties.eo:cloud_cover")]
    [InlineData("class without description", "assets.mask.classification:classes")]
    [InlineData("proj:shape of three", "properties.proj:shape")]
    [InlineData("no links", "links")]
    public void Broken_items_fail_validation(string what, string field)
    {
        using var dir = new TempFolder("stac");
        var input = Sentinel2Bands.WriteStack(dir.File("scene.tif"), 30);
        Assert.Equal(MaskJobStatus.Written, MaskPipeline.Create(new MaskSettings { Model = "hollstein" }, dir.Path).Run(input).Status);
        var item = JsonNode.Parse(File.ReadAllText(dir.File("scene.item.json")))!.AsObject();
        Assert.Empty(StacSchemas.Errors(item));
        switch (field)
        {
            case "properties.datetime": item["properties"]!.AsObject().Remove("datetime"); break;
            case "properties.eo:cloud_cover": item["properties"]!["eo:cloud_cover"] = 140; break;
            case "assets.mask.classification:classes": item["assets"]!["mask"]!["classification:classes"]![1]!.AsObject().Remove("description"); break;
            case "properties.proj:shape": item["properties"]!["proj:shape"] = new JsonArray(1, 2, 3); break;
            default: item.Remove("links"); break;
        }
        Assert.True(StacSchemas.Errors(item).Count > 0, $"{what}: the broken Item passed");
    }
}
