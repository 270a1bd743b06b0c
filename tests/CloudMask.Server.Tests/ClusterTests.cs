using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudMask.Raster;
using CloudMask.Stac.Tests;
using CloudMask.TestSupport;

namespace CloudMask.Server.Tests;

/// <summary>
/// The job engine against real components: a throwaway PostgreSQL cluster with two `cloudmask worker`
/// processes, and SQLite inside `cloudmask serve`. Workers and servers are killed with SIGKILL mid-job;
/// every job still ends once, with complete outputs and nothing duplicated or half-written.
/// </summary>
public class ClusterTests
{
    private static readonly JsonSerializerOptions Json = MaskServerClient.Json;

    /// <summary>A 512 px 4-band stack the default network takes seconds over on one thread: the job a worker dies in.</summary>
    private static string WriteSlowInput(string path)
    {
        const int size = 512;
        using var r = new InMemoryRaster(size, size, 4, RasterDataType.UInt16);
        string[] names = ["B02", "B03", "B04", "B08"];
        var data = new ushort[size * size];
        for (var b = 0; b < 4; b++)
        {
            for (var i = 0; i < data.Length; i++) data[i] = (ushort)(800 + 300 * b + (i * 7919 + b) % 500);
            r.Write<ushort>(b + 1, data);
            r.SetDescription(b + 1, names[b]);
        }
        r.SaveAs(path, RasterFormat.GeoTiff);
        return path;
    }

    private static async Task<JobList> List(HttpClient http, string? state = null) =>
        (await http.GetFromJsonAsync<JobList>("api/jobs?limit=1000" + (state is null ? "" : "&state=" + state), Json))!;

    /// <summary>Starts `cloudmask serve` and waits until it answers.</summary>
    private static async Task<CloudMaskProcess> Serve(string[] arguments, HttpClient http, List<CloudMaskProcess> processes)
    {
        var server = new CloudMaskProcess(arguments);
        processes.Add(server);
        await CloudMaskProcess.Until(async () => (await http.GetAsync("api/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the server did not answer", () => server.Output);
        return server;
    }

    /// <summary>Every output complete and once: per stem a mask that opens, a summary and an Item that parse, and no hidden partial file left.</summary>
    private static void AssertOutputsComplete(string results, IEnumerable<string> stems)
    {
        var names = Directory.GetFiles(results).Select(f => Path.GetFileName(f)).ToList();
        Assert.DoesNotContain(names, n => n!.StartsWith('.'));
        var expected = stems.SelectMany(s => new[] { s + ".mask.tif", s + ".mask.json", s + ".item.json" }).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, names.Order(StringComparer.Ordinal).ToList());
        foreach (var stem in stems)
        {
            using var mask = RasterDataset.Open(Path.Combine(results, stem + ".mask.tif"));
            Assert.True(mask.Width > 0);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, stem + ".mask.json")));
            using var item = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, stem + ".item.json")));
        }
    }

    /// <summary>Each job id appears in exactly one "written" line across all the processes' logs.</summary>
    private static void AssertWrittenOnce(IEnumerable<CloudMaskProcess> processes, IEnumerable<string> ids)
    {
        var written = processes.SelectMany(p => p.Lines).Select(l => Regex.Match(l, @"job (\w+) (written|already written):")).Where(m => m.Success).ToList();
        foreach (var id in ids) Assert.Equal(1, written.Count(m => m.Groups[1].Value == id && m.Groups[2].Value == "written"));
    }

    [SkippableFact]
    public async Task Fifty_jobs_on_two_workers_one_killed_mid_job_and_a_server_restart_lose_nothing()
    {
        using var dir = new TempFolder("cluster");
        using var pg = PostgresCluster.Start(dir.Path);
        var inputs = Directory.CreateDirectory(dir.File("inputs")).FullName;
        var slow = WriteSlowInput(Path.Combine(inputs, "slow.tif"));
        var tiny = Enumerable.Range(0, 49).Select(i => Sentinel2Bands.WriteStack(Path.Combine(inputs, $"tiny{i:D2}.tif"), 48)).ToList();
        var results = dir.File("results");
        var port = CloudMaskProcess.FreePort();
        string[] serveArgs = ["serve", "--db", pg.Url, "--jobs", "0", "--port", port.ToString(), "--data", dir.File("data"), "--allow", inputs, "--results", results];
        var processes = new List<CloudMaskProcess>();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var server = await Serve(serveArgs, http, processes);
            string[] workerArgs = ["worker", "--db", pg.Url, "--threads", "1", "--jobs", "1", "--lost-after", "6"];
            var workers = new[] { new CloudMaskProcess(workerArgs), new CloudMaskProcess(workerArgs) };
            processes.AddRange(workers);

            var submitted = new List<JobStatus>();
            var response = await http.PostAsJsonAsync("api/jobs", new SubmitRequest([slow], null, new Stac.MaskSettings()), Json);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            submitted.AddRange((await response.Content.ReadFromJsonAsync<SubmitResponse>(Json))!.Jobs);
            response = await http.PostAsJsonAsync("api/jobs", new SubmitRequest(tiny, null, new Stac.MaskSettings { Model = "hollstein" }), Json);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            submitted.AddRange((await response.Content.ReadFromJsonAsync<SubmitResponse>(Json))!.Jobs);
            Assert.Equal(50, submitted.Count);
            var slowId = submitted[0].Id;

            // The worker that starts the slow job dies in it.
            CloudMaskProcess? victim = null;
            await CloudMaskProcess.Until(() => Task.FromResult((victim = workers.FirstOrDefault(w => w.Lines.Any(l => l.Contains($"job {slowId} started")))) is not null),
                TimeSpan.FromSeconds(90), "no worker started the slow job", () => string.Join("\n---\n", workers.Select(w => w.Output)));
            victim!.KillHard();
            var killedStatus = (await http.GetFromJsonAsync<JobStatus>($"api/jobs/{slowId}", Json))!;
            Assert.NotEqual("succeeded", killedStatus.State); // it died mid-job, not after

            // The server dies too and comes back on the same database.
            server.KillHard();
            await Serve(serveArgs, http, processes);

            await CloudMaskProcess.Until(async () => (await List(http, "succeeded")).Total == 50, TimeSpan.FromSeconds(150),
                "not every job succeeded", () => string.Join("\n---\n", processes.Select(p => p.Output)));
            var all = await List(http);
            Assert.Equal(50, all.Total);
            Assert.All(all.Jobs, j => Assert.Equal("succeeded", j.State));
            Assert.True((await http.GetFromJsonAsync<JobStatus>($"api/jobs/{slowId}", Json))!.Attempts >= 2, "the slow job was not taken again");

            AssertOutputsComplete(results, tiny.Select(Path.GetFileNameWithoutExtension).Append("slow")!);
            AssertWrittenOnce(processes, submitted.Select(j => j.Id));
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
    }

    [Fact]
    public async Task A_killed_sqlite_server_restarts_and_finishes_every_job_once()
    {
        using var dir = new TempFolder("sqlite");
        var inputs = Directory.CreateDirectory(dir.File("inputs")).FullName;
        var slow = WriteSlowInput(Path.Combine(inputs, "slow.tif"));
        var tiny = Enumerable.Range(0, 5).Select(i => Sentinel2Bands.WriteStack(Path.Combine(inputs, $"tiny{i}.tif"), 48)).ToList();
        var results = dir.File("results");
        var port = CloudMaskProcess.FreePort();
        string[] serveArgs = ["serve", "--jobs", "1", "--threads", "1", "--port", port.ToString(), "--data", dir.File("data"), "--allow", inputs, "--results", results];
        var processes = new List<CloudMaskProcess>();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var server = await Serve(serveArgs, http, processes);
            var ids = new List<string>();
            foreach (var (input, model) in new[] { (slow, (string?)null) }.Concat(tiny.Select(t => (t, (string?)"hollstein"))))
            {
                var response = await http.PostAsJsonAsync("api/jobs", new SubmitRequest([input], null, new Stac.MaskSettings { Model = model }), Json);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                ids.AddRange((await response.Content.ReadFromJsonAsync<SubmitResponse>(Json))!.Jobs.Select(j => j.Id));
            }
            await CloudMaskProcess.Until(() => Task.FromResult(server.Lines.Any(l => l.Contains($"job {ids[0]} started"))), TimeSpan.FromSeconds(60),
                "the slow job did not start", () => server.Output);
            server.KillHard();

            await Serve(serveArgs, http, processes);
            await CloudMaskProcess.Until(async () => (await List(http, "succeeded")).Total == ids.Count, TimeSpan.FromSeconds(120),
                "not every job succeeded after the restart", () => string.Join("\n---\n", processes.Select(p => p.Output)));
            AssertOutputsComplete(results, tiny.Select(Path.GetFileNameWithoutExtension).Append("slow")!);
            AssertWrittenOnce(processes, ids);
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
    }
}
