using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CloudMask.Stac.Tests;
using CloudMask.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace CloudMask.Server.Tests;

/// <summary>The HTTP API on a server with SQLite and one worker in the process: submit, status, results, STAC, retry, cancel, conflicts.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new("api");
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string Inputs => _dir.File("inputs");
    private string Results => _dir.File("results");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Inputs);
        _app = ServerApp.Build(new ServerOptions { Port = 0, DataFolder = _dir.File("data"), ResultsFolder = Results, JobsAtOnce = 1, Threads = 1, Allow = [Inputs] });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First() + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<HttpResponseMessage> Post(string input, string? model = "hollstein", string? output = null) =>
        await _http.PostAsJsonAsync("api/jobs", new SubmitRequest([input], output, new Stac.MaskSettings { Model = model }), MaskServerClient.Json);

    private async Task<JobStatus> Submit(string input, string? model = "hollstein", string? output = null)
    {
        var response = await Post(input, model, output);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SubmitResponse>(MaskServerClient.Json))!.Jobs.Single();
    }

    private async Task<JobStatus> Status(string id) => (await _http.GetFromJsonAsync<JobStatus>($"api/jobs/{id}", MaskServerClient.Json))!;

    private async Task<JobStatus> WaitFor(string id, params IReadOnlyList<string> states)
    {
        JobStatus status = null!;
        await CloudMaskProcess.Until(async () => states.Contains((status = await Status(id)).State), TimeSpan.FromSeconds(90), $"job {id} did not reach {string.Join("/", states)}", () => status?.ToString() ?? "");
        return status;
    }

    [Fact]
    public async Task The_map_viewer_under_viewer_lists_a_finished_jobs_mask_and_serves_its_file()
    {
        var input = Sentinel2Bands.WriteStack(Path.Combine(Inputs, "seen.tif"), 48);
        var done = await WaitFor((await Submit(input, output: "viewed")).Id, "succeeded", "failed");
        Assert.True(done.State == "succeeded", done.Message);

        var page = await _http.GetStringAsync("viewer/");
        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
        var list = JsonNode.Parse(await _http.GetStringAsync("viewer/api/results"))!.ToJsonString();
        Assert.Contains("seen", list);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("viewer/files/..%2F..%2Fdata%2Fjobs.db")).StatusCode);
    }

    [Fact]
    public async Task A_job_runs_and_its_results_are_served_with_a_stac_item_in_the_collection()
    {
        var input = Sentinel2Bands.WriteStack(Path.Combine(Inputs, "scene.tif"), 48);
        var job = await Submit(input, output: "summer/t33");
        Assert.Equal("queued", job.State);
        var done = await WaitFor(job.Id, "succeeded", "failed");
        Assert.True(done.State == "succeeded", done.Message);
        Assert.Equal(1, done.Progress);
        Assert.Equal(Path.Combine(Results, "summer", "t33"), done.OutputFolder);
        Assert.Equal(["scene.item.json", "scene.mask.json", "scene.mask.tif"], done.Files.Order(StringComparer.Ordinal));

        var tif = await _http.GetByteArrayAsync(done.Links["scene.mask.tif"]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(done.OutputFolder, "scene.mask.tif")), tif);
        var item = JsonNode.Parse(await _http.GetStringAsync($"stac/items/{job.Id}"))!;
        Assert.Equal(StacApi.CollectionId, item["collection"]!.GetValue<string>());
        var maskHref = item["assets"]!["mask"]!["href"]!.GetValue<string>();
        Assert.Equal(tif, await _http.GetByteArrayAsync(maskHref));
        var collection = JsonNode.Parse(await _http.GetStringAsync("stac/collection.json"))!;
        Assert.Contains(collection["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "item" && l["href"]!.GetValue<string>().EndsWith($"/stac/items/{job.Id}"));

        // The same outputs again: refused, nothing queued.
        var again = await Post(input, output: "summer/t33");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("scene.mask.json exists in summer/t33", await again.Content.ReadAsStringAsync());
        // A name that is not one of the job's files is not served.
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/jobs/{job.Id}/files/..%2F..%2Fjobs.db")).StatusCode);
    }

    [Fact]
    public async Task A_failed_job_says_why_and_runs_again_when_retried()
    {
        var input = Path.Combine(Inputs, "broken.tif");
        File.WriteAllText(input, "not a raster");
        var job = await Submit(input);
        var failed = await WaitFor(job.Id, "failed", "succeeded");
        Assert.Equal("failed", failed.State);
        Assert.StartsWith($"{input}: ", failed.Message);
        Assert.Empty(Directory.GetFiles(Results));

        File.Delete(input);
        Sentinel2Bands.WriteStack(input, 32);
        var retry = await _http.PostAsync($"api/jobs/{job.Id}/retry", null);
        Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync());
        var done = await WaitFor(job.Id, "succeeded", "failed");
        Assert.Equal("succeeded", done.State);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"api/jobs/{job.Id}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task A_running_job_is_cancelled_and_leaves_no_output()
    {
        var input = Path.Combine(Inputs, "big.tif");
        Sentinel2Bands.WriteStack(input, 1536);
        var job = await Submit(input, model: null); // the default network: long enough to be caught running
        await WaitFor(job.Id, "running", "succeeded");
        var cancel = await _http.PostAsync($"api/jobs/{job.Id}/cancel", null);
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        Assert.Equal("cancelled", (await Status(job.Id)).State);
        // The worker sees the cancellation within seconds, stops and removes what it wrote.
        await CloudMaskProcess.Until(() => Task.FromResult(Directory.GetFiles(Results).Length == 0), TimeSpan.FromSeconds(60), "outputs were left", () => string.Join(", ", Directory.GetFiles(Results)));
        await Task.Delay(3000);
        Assert.Empty(Directory.GetFiles(Results));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"api/jobs/{job.Id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/jobs/nosuchjob")).StatusCode);
    }
}
