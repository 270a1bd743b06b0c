using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Evaluation;
using CloudMask.Raster;
using CloudMask.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CloudMask.Viewer.Tests;

/// <summary>The folder shared by the viewer's test classes (simulated once).</summary>
[CollectionDefinition("viewer folder")]
public sealed class ViewerFolderCollection : ICollectionFixture<BrowserFixture>;

/// <summary>The HTTP side of the viewer, on a real server over loopback.</summary>
[Collection("viewer folder")]
public sealed class ViewerApiTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly TempFolder _labels = new("viewer-labels");
    private ViewerHost _host = null!;
    private HttpClient _http = null!;

    private ViewerFolder Folder => fixture.Folder;

    public async Task InitializeAsync()
    {
        _host = await ViewerHost.StartAsync(new ViewerOptions(Folder.Results, externalMasks: [ExternalMaskFolder.Parse("scl:" + Folder.SclFolder)],
            labelFolder: _labels.Path, prelabelModel: "hollstein"));
        _http = new HttpClient { BaseAddress = _host.Url };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _labels.Dispose();
    }

    [Fact]
    public async Task The_list_names_the_mask_its_siblings_and_the_external_mask_of_the_same_input()
    {
        var results = await Results();
        var mask = results.Single(r => r.GetProperty("id").GetString() == Folder.MaskId);
        Assert.Equal("result", mask.GetProperty("kind").GetString());
        Assert.Equal("hollstein-2016", mask.GetProperty("model").GetString());
        Assert.EndsWith(".rgb.tif", mask.GetProperty("rgb").GetString());
        Assert.EndsWith(".prob.tif", mask.GetProperty("probabilities").GetString());
        Assert.Equal(JsonValueKind.Null, mask.GetProperty("uncertainty").ValueKind);
        Assert.Equal("EPSG:32633", mask.GetProperty("crs").GetProperty("code").GetString());
        Assert.Contains("+proj=utm +zone=33", mask.GetProperty("crs").GetProperty("proj4").GetString());
        Assert.True(mask.GetProperty("can_label").GetBoolean());
        Assert.Equal(4, mask.GetProperty("footprint").GetArrayLength());
        Assert.StartsWith("2023-", mask.GetProperty("date").GetString()); // the product's sensing time, not the file's

        var scl = results.Single(r => r.GetProperty("kind").GetString() == "external");
        Assert.Equal(Folder.Stem, scl.GetProperty("group").GetString());
        Assert.Equal("scl", scl.GetProperty("scheme").GetString());
        // SCL 3 (cloud shadows) is drawn as our class 2, SCL 8 (medium probability cloud) as our 4.
        var codes = scl.GetProperty("codes").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToList();
        Assert.Contains((3, (int)MaskClass.CloudShadow), codes);
        Assert.Contains((8, (int)MaskClass.Cloud), codes);
    }

    [Fact]
    public async Task Listed_files_are_served_with_range_requests_and_nothing_else_is()
    {
        var mask = (await Results()).Single(r => r.GetProperty("id").GetString() == Folder.MaskId);
        using var request = new HttpRequestMessage(HttpMethod.Get, mask.GetProperty("mask").GetString());
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(File.ReadAllBytes(Folder.MaskPath)[100..200], await response.Content.ReadAsByteArrayAsync());

        File.WriteAllText(Path.Combine(Folder.Results, "notes.txt"), "not a result");
        var outside = Path.Combine(Path.GetDirectoryName(Folder.Results)!, "outside.mask.tif");
        File.Copy(Folder.MaskPath, outside, overwrite: true);
        var link = Path.Combine(Folder.Results, "linked.mask.tif");
        if (!File.Exists(link)) File.CreateSymbolicLink(link, outside);
        foreach (var path in new[] { "files/0/notes.txt", "files/0/linked.mask.tif", "files/0/../outside.mask.tif", "files/0/%2e%2e/outside.mask.tif",
                     "files/0/..%2foutside.mask.tif", "files/2/x.tif", "files/" + Uri.EscapeDataString(outside) })
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(path)).StatusCode);
        Assert.DoesNotContain(await Results(), r => r.GetProperty("id").GetString()!.Contains("linked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pixel_probe_reads_class_and_probabilities_from_the_files()
    {
        var (x, y) = Folder.Inside(MaskClass.Cloud);
        using var json = JsonDocument.Parse(await _http.GetStringAsync($"api/pixel?id={Uri.EscapeDataString(Folder.MaskId)}&x={x}&y={y}"));
        Assert.Equal("cloud", json.RootElement.GetProperty("class").GetString());
        Assert.Equal(1.0, json.RootElement.GetProperty("probabilities").GetProperty("cloud").GetDouble());

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"api/pixel?id={Uri.EscapeDataString(Folder.MaskId)}&x={Folder.Width}&y=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/pixel?id=0/none.mask.tif&x=0&y=0")).StatusCode);
    }

    [Fact]
    public async Task Label_this_exports_the_box_as_select_exports_a_chip()
    {
        using var first = await PostBox(Folder.MaskId, 200, 300, 64, 48);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var answer = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var chip = answer.RootElement.GetProperty("chip").GetString()!;
        Assert.StartsWith("001_", chip);
        Assert.EndsWith("_x200_y300", chip);
        using (var image = RasterDataset.Open(Path.Combine(_labels.Path, chip + ".tif")))
        {
            Assert.Equal((64, 48, 13), (image.Width, image.Height, image.BandCount));
            using var mask = RasterDataset.Open(Folder.MaskPath);
            var t = mask.GeoTransform!.Value;
            Assert.Equal(t.OriginX + 200 * t.PixelWidth, image.GeoTransform!.Value.OriginX);
        }
        using (var prelabel = RasterDataset.Open(Path.Combine(_labels.Path, chip + ".prelabel.tif")))
            Assert.Equal("hollstein-2016", prelabel.MetadataItem("PRELABEL_MODEL"));
        Assert.True(File.Exists(Path.Combine(_labels.Path, chip + ".png")));

        using var second = await PostBox(Folder.MaskId, 200, 300, 64, 48);
        using var secondAnswer = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.StartsWith("002_", secondAnswer.RootElement.GetProperty("chip").GetString()); // never replaces the first
    }

    [Fact]
    public async Task Label_this_refuses_bad_boxes_other_sites_and_other_content()
    {
        using (var tiny = await PostBox(Folder.MaskId, 0, 0, 5, 5)) Assert.Equal(HttpStatusCode.BadRequest, tiny.StatusCode);
        using (var outside = await PostBox(Folder.MaskId, Folder.Width - 10, 0, 64, 64)) Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        using (var unknown = await PostBox("0/none.mask.tif", 0, 0, 64, 64)) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var external = await PostBox($"1/{Folder.Stem}_SCL.tif", 0, 0, 64, 64)) Assert.Equal(HttpStatusCode.BadRequest, external.StatusCode);
        using (var crossSite = await PostBox(Folder.MaskId, 0, 0, 64, 64, origin: "http://evil.example")) Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        var body = JsonSerializer.Serialize(new { id = Folder.MaskId, x = 0, y = 0, width = 64, height = 64 });
        using (var plain = await _http.PostAsync("api/label", new StringContent(body, Encoding.UTF8, "text/plain")))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        using (var broken = await _http.PostAsync("api/label", new StringContent("{\"id\": ", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(Directory.GetFiles(_labels.Path));
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/results");
        request.Headers.Host = "rebound.example";
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_page_comes_from_the_assembly_and_names_no_other_server()
    {
        var html = await _http.GetStringAsync("");
        Assert.Contains("<script src=\"viewer.js\">", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.True((await _http.GetByteArrayAsync("viewer.js")).Length > 100_000); // OpenLayers is in the bundle
        Assert.Contains("ol-viewport", await _http.GetStringAsync("viewer.css"));
    }

    [Fact]
    public async Task An_evaluation_reports_chips_are_listed_with_label_and_prediction()
    {
        var report = Path.Combine(Folder.Results, "evaluation");
        Directory.CreateDirectory(Path.Combine(report, "labelled"));
        var label = Path.Combine(report, "labelled", "chip1.label.tif");
        using (var r = new InMemoryRaster(32, 32, 1, RasterDataType.Byte)) { r.Write<byte>(1, Enumerable.Repeat((byte)4, 32 * 32).ToArray()); r.SaveAs(label, RasterFormat.GeoTiff); }
        var chips = new ReportChips(report, overwrite: true);
        chips.Write("hollstein-2016", new ChipPair("chip1", label, label), Enumerable.Repeat((byte)4, 32 * 32).ToArray(), Enumerable.Repeat((byte)1, 32 * 32).ToArray());
        File.WriteAllText(Path.Combine(report, "report.json"), "[]");

        var results = await Results();
        var chip = results.Single(r => r.GetProperty("kind").GetString() == "chip");
        Assert.Equal("chip1", chip.GetProperty("name").GetString());
        Assert.Equal("hollstein-2016", chip.GetProperty("model").GetString());
        Assert.EndsWith("chips/chip1.label.tif", chip.GetProperty("label").GetString());
        var labelEntry = results.Single(r => r.GetProperty("kind").GetString() == "label");
        Assert.Equal(chip.GetProperty("group").GetString(), labelEntry.GetProperty("group").GetString()); // offered in the swipe
        using var pixel = JsonDocument.Parse(await _http.GetStringAsync($"api/pixel?id={Uri.EscapeDataString(chip.GetProperty("id").GetString()!)}&x=3&y=3"));
        Assert.Equal("clear", pixel.RootElement.GetProperty("class").GetString());
        Assert.Equal("cloud", pixel.RootElement.GetProperty("label").GetString());
        Directory.Delete(report, recursive: true);
    }

    [Fact]
    public async Task Mounted_under_a_prefix_the_viewer_answers_there()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapCloudMaskViewer(new ViewerOptions(Folder.Results), "/viewer");
        await app.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
        using var bare = await http.GetAsync("/viewer");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/viewer/", bare.Headers.Location!.OriginalString);
        Assert.Contains("viewer.js", await http.GetStringAsync("/viewer/"));
        Assert.Contains(Folder.Stem, await http.GetStringAsync("/viewer/api/results"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/results")).StatusCode);
    }

    [Fact]
    public void A_missing_folder_or_a_bad_base_map_is_refused_up_front()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new ViewerOptions(Path.Combine(Folder.Results, "nope")));
        Assert.Throws<ArgumentException>(() => new ViewerOptions(Folder.Results, basemap: "ftp://tiles/{z}/{x}/{y}.png"));
        Assert.Throws<ArgumentException>(() => new ViewerOptions(Folder.Results, basemap: "https://tiles.example/tile.png"));
        Assert.Throws<ArgumentException>(() => ExternalMaskFolder.Parse("nonsense:" + Folder.SclFolder));
    }

    private async Task<List<JsonElement>> Results()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/results"));
        return json.RootElement.GetProperty("results").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private Task<HttpResponseMessage> PostBox(string id, int x, int y, int width, int height, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/label")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { id, x, y, width, height }), Encoding.UTF8, "application/json"),
        };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return _http.SendAsync(request);
    }
}
