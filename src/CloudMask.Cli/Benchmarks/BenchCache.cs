namespace CloudMask.Cli.Benchmarks;

/// <summary>Where whole-job benchmarks keep what they simulate once: $XDG_CACHE_HOME/cloudmask/bench (~/.cache/cloudmask/bench).</summary>
internal static class BenchCache
{
    public static string Folder() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "cloudmask", "bench");
}
