using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Raster;

/// <summary>
/// Names of temporary outputs ("." + name + ".partial-PID-GUID" + extension, hidden, in the target
/// folder) and the clean-up of ones left by a process that was killed before it could rename or
/// delete them.
/// </summary>
public static partial class PartialFiles
{
    /// <summary>The temporary name for writing <paramref name="fullPath"/>.</summary>
    public static string TemporaryFor(string fullPath, string extension = "") =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fullPath)!,
            $".{System.IO.Path.GetFileName(fullPath)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");

    /// <summary>Deletes temporary outputs in <paramref name="folder"/> whose writing process is gone; returns how many.</summary>
    public static int DeleteStale(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, ".*.partial-*"))
        {
            var match = PartialName().Match(System.IO.Path.GetFileName(file));
            if (!match.Success) continue;
            var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            if (pid != Environment.ProcessId && IsRunning(pid)) continue;
            if (pid == Environment.ProcessId) continue; // our own writes in progress
            try { File.Delete(file); deleted++; }
            catch (IOException) { /* in use or gone: leave it */ }
        }
        return deleted;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    [GeneratedRegex(@"^\..+\.partial-(?<pid>\d+)-[0-9a-f]{32}")]
    private static partial Regex PartialName();
}
