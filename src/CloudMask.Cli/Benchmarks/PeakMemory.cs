namespace CloudMask.Cli.Benchmarks;

/// <summary>Peak resident memory of this process (VmHWM from /proc), the number a memory target is about.</summary>
internal static class PeakMemory
{
    public static long Bytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { /* not Linux: fall through */ }
        return Environment.WorkingSet;
    }
}
