using System.CommandLine;
using System.Diagnostics;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.Server;
using CloudMask.Stac;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask bench serve`: submits many tiny jobs to a server (its own, SQLite, unless --server
/// names one) and reports throughput, queue latency and how fast status requests are answered meanwhile.
/// </summary>
internal static class BenchServeCommand
{
    public static Command Create()
    {
        var jobs = new Option<int>("--jobs") { Description = "Jobs to submit.", DefaultValueFactory = _ => 1000 };
        var size = new Option<int>("--size") { Description = "Input size in pixels (a 13-band Sentinel-2 stack).", DefaultValueFactory = _ => 64 };
        var server = new Option<string?>("--server") { Description = "A running server's URL; its --allow must include --folder. Default: start one here (SQLite, loopback) for the run." };
        var folder = new Option<string?>("--folder") { Description = "Where the input is written (default: a temporary folder, removed after)." };
        var workers = new Option<int>("--workers") { Description = "Jobs at once in the server this command starts.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var command = new Command("serve", "Submit --jobs tiny mask jobs (Hollstein model; one input linked under as many names) to a job server, 100 per request, and report throughput, "
            + "queue latency (submitted to started) and the p50/p99 time of status requests made while the jobs run.")
        {
            jobs, size, server, folder, workers,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var count = parse.GetValue(jobs);
            if (count < 1) throw new ArgumentException($"--jobs {count}: give 1 or more");
            var work = parse.GetValue(folder) ?? Path.Combine(Path.GetTempPath(), $"cloudmask-bench-serve-{Guid.NewGuid():N}");
            var ownFolder = parse.GetValue(folder) is null;
            Directory.CreateDirectory(work);
            WebApplicationHandle? own = null;
            try
            {
                var input = Path.Combine(Path.GetFullPath(work), "tiny.tif");
                WriteTinyScene(input, parse.GetValue(size));
                var url = parse.GetValue(server);
                if (url is null)
                {
                    own = await WebApplicationHandle.StartAsync(new ServerOptions
                    {
                        DataFolder = Path.Combine(work, "data"), Port = 0, Allow = [work], JobsAtOnce = parse.GetValue(workers), Threads = 1,
                    }, cancellation);
                    url = own.Url;
                    Console.Error.WriteLine($"started a server at {url} (SQLite, {parse.GetValue(workers)} jobs at once, 1 thread each)");
                }
                using var client = new MaskServerClient(url, Environment.GetEnvironmentVariable("CLOUDMASK_TOKEN"));
                var run = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}";
                var settings = new MaskSettings { Model = "hollstein" };
                var clock = Stopwatch.StartNew();
                var ids = new List<string>();
                // One input file, linked under 'count' names: distinct jobs (outputs are named after inputs) without writing 'count' files.
                var names = Enumerable.Range(0, count).Select(n => Path.Combine(Path.GetDirectoryName(input)!, $"tiny{n:D5}.tif")).ToList();
                foreach (var name in names) File.CreateSymbolicLink(name, input);
                for (var i = 0; i < count; i += 100)
                {
                    ids.AddRange((await client.SubmitAsync(names.Skip(i).Take(100).ToList(), run, settings, cancellation)).Select(j => j.Id));
                    Console.Error.Write($"\rsubmitted {ids.Count}/{count}");
                }
                var submitSeconds = clock.Elapsed.TotalSeconds;
                Console.Error.WriteLine();

                // Jobs run about in submission order: asking after the 50 oldest unfinished ones finds the ends
                // without listing every job on every round, so the bench's own load stays small.
                var statusTimes = new List<double>();
                var pending = new List<string>(ids);
                var ended = new Dictionary<string, JobStatus>();
                while (pending.Count > 0)
                {
                    foreach (var id in pending.Take(50).ToList())
                    {
                        var t = Stopwatch.StartNew();
                        var status = await client.StatusAsync(id, cancellation);
                        statusTimes.Add(t.Elapsed.TotalMilliseconds);
                        if (status.State is "succeeded" or "failed" or "cancelled")
                        {
                            ended[id] = status;
                            pending.Remove(id);
                        }
                    }
                    Console.Error.Write($"\r{ended.Count}/{count} ended");
                    await Task.Delay(200, cancellation);
                }
                var wall = clock.Elapsed.TotalSeconds;
                Console.Error.WriteLine();
                var statuses = ids.Select(id => ended[id]).ToList();
                var latency = statuses.Where(s => s.Started is not null).Select(s => (s.Started!.Value - s.Submitted).TotalSeconds).Order().ToList();
                var ok = statuses.Count(s => s.State == "succeeded");
                Console.Out.WriteLine($"jobs:            {count} submitted, {ok} succeeded, {count - ok} not ({string.Join(", ", statuses.Where(s => s.State != "succeeded").Select(s => s.Message).Distinct().Take(3))})");
                Console.Out.WriteLine($"submission:      {submitSeconds:0.0} s ({count / submitSeconds:0} jobs/s accepted, 100 inputs per request)");
                Console.Out.WriteLine($"throughput:      {count / wall:0.0} jobs/s ({wall:0.0} s from first submission to last job ended)");
                Console.Out.WriteLine($"queue latency:   median {Percentile(latency, 0.5):0.0} s, p95 {Percentile(latency, 0.95):0.0} s, max {latency.LastOrDefault():0.0} s (submitted to started)");
                Console.Out.WriteLine($"status requests: {statusTimes.Count} while jobs ran (one at a time); p50 {Percentile(statusTimes.Order().ToList(), 0.5):0.0} ms, p99 {Percentile(statusTimes.Order().ToList(), 0.99):0.0} ms, max {statusTimes.DefaultIfEmpty().Max():0.0} ms");
                return ok == count ? 0 : ErrorReport.InputOrOutputError;
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
                if (ownFolder) try { Directory.Delete(work, recursive: true); } catch (IOException) { /* leftover temp folder */ }
            }
        });
        return command;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>A small 13-band L1C-like stack (vegetation with a cloudy square), enough for the Hollstein tree.</summary>
    private static void WriteTinyScene(string path, int size)
    {
        using var raster = new InMemoryRaster(size, size, 13, RasterDataType.UInt16);
        raster.GeoTransform = new GeoTransform(600000, 10, 0, 5100000, 0, -10);
        raster.Crs = Crs.FromEpsg(32633);
        for (var b = 0; b < 13; b++)
        {
            var data = new ushort[size * size];
            for (var i = 0; i < data.Length; i++)
            {
                int x = i % size, y = i / size;
                var cloudy = x > size / 3 && x < 2 * size / 3 && y > size / 3 && y < 2 * size / 3;
                data[i] = (ushort)(cloudy ? 5500 : 300 + 200 * (b % 4));
            }
            raster.Write<ushort>(b + 1, data);
            raster.SetDescription(b + 1, SensorBands.Sentinel2Msi[b].Name);
        }
        raster.SaveAs(path, RasterFormat.GeoTiff, overwrite: true);
    }

    /// <summary>A server started in this process for the run.</summary>
    private sealed class WebApplicationHandle(Microsoft.AspNetCore.Builder.WebApplication app) : IAsyncDisposable
    {
        public string Url => app.Urls.First();

        public static async Task<WebApplicationHandle> StartAsync(ServerOptions options, CancellationToken cancellation)
        {
            var app = ServerApp.Build(options);
            await app.StartAsync(cancellation);
            return new WebApplicationHandle(app);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
