using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudMask.Stac.Tests;
using CloudMask.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace CloudMask.Server.Tests;

/// <summary>
/// What the server refuses, with a 4xx and a one-line reason, before reading or writing anything:
/// inputs outside the --allow roots, names that leave the results folder, Items whose band files lie
/// elsewhere, and requests without the token.
/// </summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new("security");
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private StaticHttpServer _web = null!;
    private string Allowed => _dir.File("allowed");
    private string Results => _dir.File("results");
    private const string Token = "s3cret-token-for-tests";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Allowed);
        Directory.CreateDirectory(_dir.File("outside"));
        Directory.CreateDirectory(_dir.File("site"));
        _web = await StaticHttpServer.StartAsync(_dir.File("site"));
        _app = ServerApp.Build(new ServerOptions
        {
            Port = 0, DataFolder = _dir.File("data"), ResultsFolder = Results, JobsAtOnce = 0, Token = Token,
            Allow = [Allowed, _web.Url + "/allowed/"],
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First() + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _web.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Detail)> Submit(string input, string? output = null, HttpClient? client = null)
    {
        var response = await (client ?? _http).PostAsJsonAsync("api/jobs", new SubmitRequest([input], output, new Stac.MaskSettings { Model = "hollstein" }), MaskServerClient.Json);
        var body = await response.Content.ReadAsStringAsync();
        var detail = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body : body;
        return (response.StatusCode, detail);
    }

    /// <summary>Nothing was queued and nothing written.</summary>
    private async Task AssertNothingHappened()
    {
        var list = (await _http.GetFromJsonAsync<JobList>("api/jobs", MaskServerClient.Json))!;
        Assert.Equal(0, list.Total);
        Assert.True(!Directory.Exists(Results) || Directory.GetFileSystemEntries(Results).Length == 0, "something was written under the results folder");
    }

    [Fact]
    public async Task A_path_outside_the_roots_is_refused_before_it_is_read()
    {
        var outside = Sentinel2Bands.WriteStack(_dir.File("outside/scene.tif"), 16);
        var (status, detail) = await Submit(outside);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"{outside}: outside the allowed folders ({Allowed}/, ); start the server with --allow DIR to allow it".Replace("/, )", "/)"), detail);
        // A path that climbs out of a root with .. is outside too, and so is a link inside a root that points outside.
        (status, detail) = await Submit(Path.Combine(Allowed, "..", "outside", "scene.tif"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        File.CreateSymbolicLink(Path.Combine(Allowed, "link.tif"), outside);
        (status, detail) = await Submit(Path.Combine(Allowed, "link.tif"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("outside the allowed folders", detail);
        (status, detail) = await Submit("/vsizip//etc/x.zip/a.tif");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("GDAL virtual paths", detail);
        await AssertNothingHappened();
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/tmp/abs")]
    [InlineData(".hidden")]
    [InlineData("a\\..\\b")]
    public async Task Output_names_cannot_leave_the_results_folder(string name)
    {
        var input = Sentinel2Bands.WriteStack(Path.Combine(Allowed, "scene.tif"), 16);
        var (status, detail) = await Submit(input, name);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"output name \"{name}\"", detail);
        await AssertNothingHappened();
        Assert.False(Directory.Exists(_dir.File("escape")));
    }

    [Fact]
    public async Task A_url_outside_the_prefixes_is_not_fetched()
    {
        var (status, detail) = await Submit(_web.Url + "/elsewhere/item.json");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("outside the allowed URL prefixes", detail);
        Assert.Empty(_web.Requests);
        await AssertNothingHappened();
    }

    [Fact]
    public async Task An_item_whose_band_files_lie_outside_the_roots_is_refused_and_its_bands_are_not_read()
    {
        var item = new JsonObject
        {
            ["type"] = "Feature", ["stac_version"] = "1.0.0", ["id"] = "S2A_X", ["geometry"] = null, ["links"] = new JsonArray(),
            ["properties"] = new JsonObject { ["datetime"] = "2024-01-01T00:00:00Z" },
            ["assets"] = new JsonObject
            {
                ["B02"] = new JsonObject { ["href"] = "B02.tif", ["roles"] = new JsonArray("data") },
                ["B03"] = new JsonObject { ["href"] = "file:///etc/passwd", ["roles"] = new JsonArray("data") },
            },
        };
        Directory.CreateDirectory(_dir.File("site/allowed"));
        File.WriteAllText(_dir.File("site/allowed/item.json"), item.ToJsonString());
        var (status, detail) = await Submit(_web.Url + "/allowed/item.json");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("band B03 (B03) is refused: /etc/passwd: outside the allowed folders", detail);
        Assert.Equal(["/allowed/item.json"], _web.Requests.Select(r => r.Path));
        await AssertNothingHappened();
    }

    [Fact]
    public async Task An_item_id_that_would_name_another_folder_is_refused()
    {
        var item = new JsonObject
        {
            ["type"] = "Feature", ["stac_version"] = "1.0.0", ["id"] = "../../escape", ["geometry"] = null, ["links"] = new JsonArray(),
            ["properties"] = new JsonObject { ["datetime"] = "2024-01-01T00:00:00Z" },
            ["assets"] = new JsonObject { ["B02"] = new JsonObject { ["href"] = "B02.tif" } },
        };
        File.WriteAllText(Path.Combine(Allowed, "item.json"), item.ToJsonString());
        var (status, detail) = await Submit(Path.Combine(Allowed, "item.json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Item id \"../../escape\" is not a safe file name", detail);
        await AssertNothingHappened();
    }

    [Fact]
    public async Task Without_the_right_token_only_results_can_be_read()
    {
        var input = Sentinel2Bands.WriteStack(Path.Combine(Allowed, "scene.tif"), 16);
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        var (status, detail) = await Submit(input, client: anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("this server needs a token", detail);
        using var wrong = new HttpClient { BaseAddress = _http.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        (status, detail) = await Submit(input, client: wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("wrong token", detail);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("jobs/dashboard")).StatusCode);
        await AssertNothingHappened();

        // Reading results needs no token.
        var collection = await anonymous.GetAsync("stac/collection.json");
        Assert.Equal(HttpStatusCode.OK, collection.StatusCode);
        Assert.Equal("Collection", JsonNode.Parse(await collection.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("jobs/dashboard")).StatusCode);
    }

    [Fact]
    public void Listening_off_loopback_without_a_token_is_refused_at_start()
    {
        var result = ExternalTool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "cloudmask.dll"), "serve", "--listen", "0.0.0.0", "--port", "0", "--data", _dir.File("d2")],
            environment: new Dictionary<string, string> { ["CLOUDMASK_TOKEN"] = "" });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("cloudmask: error: --listen 0.0.0.0 is reachable from other machines: set a token (CLOUDMASK_TOKEN or --token) that clients must send", result.StdErr.Trim());
        Assert.False(Directory.Exists(_dir.File("d2")));
    }
}
