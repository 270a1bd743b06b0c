using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CloudMask.Cli.Benchmarks;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.Viewer;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask bench view`: how long the map viewer takes to show a full-tile (10980 px) mask COG,
/// from navigation to every tile of the first view drawn, in Debian's headless Chromium.
/// </summary>
internal static class BenchViewCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Mask side in pixels (10980 = a full Sentinel-2 tile at 10 m).", DefaultValueFactory = _ => 10980 };
        var runs = new Option<int>("--runs") { Description = "Page loads to time, each in a fresh browser profile (no cache).", DefaultValueFactory = _ => 5 };
        var cache = new Option<string>("--cache") { Description = "Where the synthetic mask is kept between runs.", DefaultValueFactory = _ => BenchCache.Folder() };
        var command = new Command("view",
            "Time the map viewer on a synthetic full-tile mask COG (made once and cached): a fresh headless Chromium opens `cloudmask view` "
            + "on it and reports when every tile of the first view is drawn; prints the median and range over --runs loads and what was read.")
        {
            size, runs, cache,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var side = parse.GetValue(size);
            if (side < 256) throw new ArgumentException($"--size {side}: at least 256 px");
            var count = parse.GetValue(runs);
            if (count < 1) throw new ArgumentException($"--runs {count}: at least one");
            var chromium = HeadlessChromium.Find();
            var folder = Path.Combine(parse.GetValue(cache)!, $"view-{side}");
            Directory.CreateDirectory(folder);
            var mask = Path.Combine(folder, "bench.mask.tif");
            if (!File.Exists(mask))
            {
                Console.Error.WriteLine($"writing a synthetic {side} px mask COG to {mask} (first run only) ...");
                WriteSyntheticMask(mask, side);
            }

            await using var viewer = await ViewerHost.StartAsync(new ViewerOptions(folder), cancellation: cancellation);
            var loads = new List<HeadlessChromium.PageLoad>();
            for (var i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var load = await Task.Run(() => HeadlessChromium.Load(chromium, viewer.Url, TimeSpan.FromSeconds(120)), cancellation);
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "  load {0}: map complete at {1:0} ms ({2})", i + 1, load.MapCompleteMs, load.Phases));
                loads.Add(load);
            }

            var inv = CultureInfo.InvariantCulture;
            var complete = loads.Select(l => l.MapCompleteMs).Order().ToList();
            var wall = loads.Select(l => l.WallMs).Order().ToList();
            var afterScript = loads.Select(l => l.AfterScriptMs).Order().ToList();
            Console.Out.WriteLine($"bench view: {side} x {side} px mask COG ({new FileInfo(mask).Length / 1048576.0:0.0} MiB), headless Chromium "
                + $"{ChromiumVersion(chromium)} (software WebGL), 1280 x 800 window, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.Out.WriteLine(string.Format(inv, "map complete after navigation  median {0,6:0} ms  (min {1:0}, max {2:0}, {3} loads)", Median(complete), complete[0], complete[^1], loads.Count));
            Console.Out.WriteLine(string.Format(inv, "  of which after the script ran median {0,6:0} ms  (min {1:0}, max {2:0}): list, COG header, tiles, drawing", Median(afterScript), afterScript[0], afterScript[^1]));
            Console.Out.WriteLine(string.Format(inv, "with browser start-up          median {0,6:0} ms  (min {1:0}, max {2:0})", Median(wall), wall[0], wall[^1]));
            Console.Out.WriteLine(string.Format(inv, "read from the COG              {0} range requests, {1:0.0} KiB of {2:0.0} MiB",
                loads[^1].RangeReads, loads[^1].Bytes / 1024.0, new FileInfo(mask).Length / 1048576.0));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A mask that compresses like a real one: smooth cloud fields (thick cores, thin edges), shadows
    /// offset from them, clear land elsewhere, on a UTM grid.
    /// </summary>
    private static void WriteSyntheticMask(string path, int side)
    {
        var field = new SmoothField(side, cell: 180, seed: 11);
        var codes = new byte[(long)side * side];
        const int shadowShift = 60;
        Parallel.For(0, side, y =>
        {
            for (var x = 0; x < side; x++)
            {
                var cloud = field[x, y];
                var shade = field[Math.Max(0, x - shadowShift), Math.Max(0, y - shadowShift)];
                codes[(long)y * side + x] = (byte)(cloud > 0.68 ? MaskClass.Cloud : cloud > 0.6 ? MaskClass.SemiTransparentCloud
                    : shade > 0.68 ? MaskClass.CloudShadow : MaskClass.Clear);
            }
        });
        MaskWriter.Write(path, codes, side, side, new GeoReference(new GeoTransform(399960, 10, 0, 5900040, 0, -10), Crs.FromEpsg(32633)), overwrite: true);
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string ChromiumVersion(string chromium)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(chromium, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(t => char.IsDigit(t[0])) ?? "?";
        }
        catch (System.ComponentModel.Win32Exception) { return "?"; }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>Value noise: random values on a coarse grid, smoothly interpolated; 0..1.</summary>
    private sealed class SmoothField
    {
        private readonly float[] _grid;
        private readonly int _cells, _cell;

        public SmoothField(int side, int cell, int seed)
        {
            _cell = cell;
            _cells = side / cell + 2;
            var random = new Random(seed);
            _grid = [.. Enumerable.Range(0, _cells * _cells).Select(_ => (float)random.NextDouble())];
        }

        public float this[int x, int y]
        {
            get
            {
                int gx = x / _cell, gy = y / _cell;
                float fx = Smooth((x % _cell) / (float)_cell), fy = Smooth((y % _cell) / (float)_cell);
                float At(int i, int j) => _grid[(gy + j) * _cells + gx + i];
                return (At(0, 0) * (1 - fx) + At(1, 0) * fx) * (1 - fy) + (At(0, 1) * (1 - fx) + At(1, 1) * fx) * fy;
            }
        }

        private static float Smooth(float t) => t * t * (3 - 2 * t);
    }
}
