using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudMask.Raster;

/// <summary>
/// Names of temporary outputs ("." + name + ".partial-PID@HOST-GUID" + extension, hidden, in the
/// target folder) and the clean-up of ones left by a process that was killed before it could rename
/// or delete them. The host is in the name because workers on several machines write into one shared
/// folder: a process id only says something on the machine that wrote it.
/// </summary>
public static partial class PartialFiles
{
    /// <summary>The temporary name for writing <paramref name="fullPath"/>.</summary>
    public static string TemporaryFor(string fullPath, string extension = "") =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fullPath)!,
            $".{System.IO.Path.GetFileName(fullPath)}.partial-{Environment.ProcessId}@{Host}-{Guid.NewGuid():N}{extension}");

    /// <summary>This machine's name as it appears in temporary names (letters, digits, '.', '-').</summary>
    private static readonly string Host = HostName();

    /// <summary>
    /// Deletes temporary outputs in <paramref name="folder"/> whose writing process on this machine is
    /// gone (another machine's are left alone: their writer may be alive); returns how many.
    /// </summary>
    public static int DeleteStale(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, ".*.partial-*"))
        {
            var match = PartialName().Match(System.IO.Path.GetFileName(file));
            if (!match.Success) continue;
            if (match.Groups["host"].Success && match.Groups["host"].Value != Host) continue;
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

    private static string HostName()
    {
        var name = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-').ToArray());
        return name.Length > 0 ? name : "host";
    }

    [GeneratedRegex(@"^\..+\.partial-(?<pid>\d+)(@(?<host>[A-Za-z0-9.-]+))?-[0-9a-f]{32}")]
    private static partial Regex PartialName();
}
