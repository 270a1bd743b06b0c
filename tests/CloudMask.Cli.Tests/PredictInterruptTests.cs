using System.Diagnostics;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

/// <summary>Ctrl-C in the middle of masking: the run stops with exit code 130 and leaves no file,
/// not even a hidden partial one.</summary>
public class PredictInterruptTests
{
    [SkippableFact]
    public void Interrupting_predict_mid_run_leaves_no_output()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && ExternalTool.Find("kill") is not null, "needs Linux and kill to send SIGINT");
        // A shell's background job ignores SIGINT, and so does every process it starts: then the
        // signal cannot reach predict at all (`./run-tests &` in a script), which says nothing about predict.
        Skip.If(SigIntIgnored(), "SIGINT is ignored in this process tree (started as a background job?)");
        Assert.True(File.Exists(Masking.Models.ModelCatalog.ShippedWeightsPath), "the default model is not beside the program");
        using var dir = new TempFolder();
        // 2048 px and a network: tens of seconds of work on two cores, so the signal lands mid-run.
        var input = dir.File("big.tif");
        const int size = 2048;
        using (var r = new InMemoryRaster(size, size, 4, RasterDataType.UInt16))
        {
            string[] names = ["B02", "B03", "B04", "B08"];
            var data = new ushort[size * size];
            for (var b = 0; b < names.Length; b++)
            {
                for (var i = 0; i < data.Length; i++) data[i] = (ushort)(800 + 300 * b + (i * 7919 + b) % 500);
                r.Write<ushort>(b + 1, data);
                r.SetDescription(b + 1, names[b]);
            }
            r.SaveAs(input, RasterFormat.GeoTiff);
        }
        var output = dir.File("out");

        using var process = CliProcess.Start("predict", input, "--out", output); // the default network
        var started = new TaskCompletionSource();
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("masking ", StringComparison.Ordinal)) started.TrySetResult();
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.True(started.Task.Wait(TimeSpan.FromSeconds(120)), "predict never started masking:\n" + stderr);
        Thread.Sleep(1500); // into the tiles
        Assert.False(process.HasExited, "predict finished before it could be interrupted; the test input is too small");
        Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "predict did not stop after SIGINT");
        process.WaitForExit();

        Assert.Equal(130, process.ExitCode);
        var left = Directory.Exists(output) ? Directory.GetFileSystemEntries(output) : [];
        Assert.True(left.Length == 0, "left behind: " + string.Join(", ", left));
        Assert.DoesNotContain("   at ", stderr + stdout.Result);
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status); children inherit it.</summary>
    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }
}
