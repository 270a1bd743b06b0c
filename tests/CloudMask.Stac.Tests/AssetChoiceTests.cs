using System.Text.Json.Nodes;

namespace CloudMask.Stac.Tests;

/// <summary>Band files are found the way the public catalogues publish them.</summary>
public class AssetChoiceTests
{
    private static StacItem Item(JsonObject assets, JsonObject? properties = null) => StacItemReader.Parse(new JsonObject
    {
        ["type"] = "Feature", ["stac_version"] = "1.0.0", ["id"] = "x", ["geometry"] = null,
        ["properties"] = properties ?? new JsonObject { ["datetime"] = "2024-01-01T00:00:00Z" }, ["links"] = new JsonArray(), ["assets"] = assets,
    }.ToJsonString(), "https://example.test/items/x.json");

    [Fact]
    public void Planetary_computer_style_keys_and_the_baseline_offset()
    {
        var assets = new JsonObject();
        foreach (var b in new[] { "B02", "B03", "B04", "B08", "B11" })
            assets[b] = new JsonObject { ["href"] = $"https://example.test/{b}.tif", ["type"] = "image/tiff; application=geotiff; profile=cloud-optimized", ["roles"] = new JsonArray("data"), ["gsd"] = 10.0 };
        assets["SCL"] = new JsonObject { ["href"] = "https://example.test/SCL.tif", ["roles"] = new JsonArray("data") };
        assets["preview"] = new JsonObject { ["href"] = "https://example.test/B02.png", ["roles"] = new JsonArray("thumbnail") };
        var found = Sentinel2Assets.Find(Item(assets, new JsonObject { ["datetime"] = "2024-01-01T00:00:00Z", ["s2:processing_baseline"] = "04.00" }));
        Assert.Equal(["B02", "B03", "B04", "B08", "B11"], found.Select(f => f.Band));
        Assert.All(found, f => Assert.Equal((1e-4, -0.1), (f.Scale, f.Offset)));
    }

    [Fact]
    public void Cdse_style_resolution_suffixes_take_the_finest_and_relative_hrefs_resolve()
    {
        var assets = new JsonObject
        {
            ["B02_60m"] = new JsonObject { ["href"] = "B02_60m.jp2", ["type"] = "image/jp2", ["roles"] = new JsonArray("data") },
            ["B02_10m"] = new JsonObject { ["href"] = "B02_10m.jp2", ["type"] = "image/jp2", ["roles"] = new JsonArray("data") },
            ["B05_20m"] = new JsonObject { ["href"] = "s3://eodata/B05_20m.jp2", ["type"] = "image/jp2", ["roles"] = new JsonArray("data") },
        };
        var found = Sentinel2Assets.Find(Item(assets, new JsonObject { ["datetime"] = "2024-01-01T00:00:00Z", ["s2:processing_baseline"] = "03.01" }));
        Assert.Equal(["B02", "B05"], found.Select(f => f.Band));
        Assert.Equal("https://example.test/items/B02_10m.jp2", found[0].Asset.Href);
        Assert.Equal("/vsis3/eodata/B05_20m.jp2", GdalPaths.For(found[1].Asset.Href));
        Assert.Equal(0, found[0].Offset);
    }

    [Fact]
    public void Stac_1_1_bands_with_common_names_and_a_red_edge_by_wavelength()
    {
        var assets = new JsonObject
        {
            ["a"] = new JsonObject { ["href"] = "a.tif", ["bands"] = new JsonArray(new JsonObject { ["eo:common_name"] = "nir08", ["raster:scale"] = 0.0002, ["raster:offset"] = 0.0 }) },
            ["b"] = new JsonObject { ["href"] = "b.tif", ["bands"] = new JsonArray(new JsonObject { ["eo:common_name"] = "rededge", ["eo:center_wavelength"] = 0.74 }) },
        };
        var found = Sentinel2Assets.Find(Item(assets));
        Assert.Equal(["B06", "B8A"], found.Select(f => f.Band));
        Assert.Equal(0.0002, found[1].Scale);
    }

    [Theory]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[]}", "is not a STAC Item")]
    [InlineData("{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"x\",\"assets\":{\"B02\":{\"type\":\"image/tiff\"}}}", "asset \"B02\" has no href")]
    [InlineData("not json", "is not valid JSON")]
    public void Documents_that_are_not_items_are_refused_with_their_location(string text, string reason)
    {
        var e = Assert.Throws<StacException>(() => StacItemReader.Parse(text, "/data/x.json"));
        Assert.StartsWith("/data/x.json: ", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_item_without_band_assets_says_what_was_looked_for()
    {
        var e = Assert.Throws<StacException>(() => Sentinel2Assets.Find(Item(new JsonObject { ["thumbnail"] = new JsonObject { ["href"] = "t.png", ["roles"] = new JsonArray("thumbnail") } })));
        Assert.Contains("has no Sentinel-2 band assets", e.Message);
    }
}
