using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Cli.Benchmarks;

/// <summary>
/// Opens a page in a fresh headless Chromium (Debian's, software WebGL) and waits for the viewer's
/// console line "cloudmask-viewer: map complete N ms after navigation start, ...; R range reads, B bytes",
/// which the page prints once every tile of the first view is drawn.
/// </summary>
internal static partial class HeadlessChromium
{
    /// <param name="MapCompleteMs">From navigation start to every tile of the first view drawn.</param>
    /// <param name="AfterScriptMs">The part of it after the page's script started (listing, COG header, tiles, drawing).</param>
    /// <param name="WallMs">From starting the browser process.</param>
    /// <param name="Phases">The page's own split of the time after its script started.</param>
    public sealed record PageLoad(double MapCompleteMs, double AfterScriptMs, double WallMs, int RangeReads, long Bytes, string Phases);

    public static string Find() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new IOException("bench view needs Chromium (Debian package chromium): run scripts/install-deps test");

    public static PageLoad Load(string chromium, Uri url, TimeSpan timeout)
    {
        var profile = Path.Combine(Path.GetTempPath(), $"cloudmask-bench-chromium-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                     "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}", url.ToString() })
            info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new IOException($"could not start {chromium}");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = process.StandardError.ReadLineAsync(deadline.Token).AsTask().GetAwaiter().GetResult()
                    ?? throw new IOException("Chromium exited before the map was drawn");
                if (Complete().Match(line) is { Success: true } m)
                    return new PageLoad(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                        clock.Elapsed.TotalMilliseconds, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
                        m.Groups[5].Value);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"the map was not drawn within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { /* a leftover profile is harmless */ }
        }
    }

    [GeneratedRegex(@"cloudmask-viewer: map complete (\d+) ms after navigation start, (\d+) ms after the script started; (\d+) range reads, (\d+) bytes; phases: ([^""]*)")]
    private static partial Regex Complete();
}
