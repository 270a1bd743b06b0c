namespace CloudMask.TestSupport;

/// <summary>
/// Finds the real data in ../shared/data beside the repository (never committed). Tests that
/// need it call <see cref="RequireFile"/> / <see cref="RequireFolder"/>, which skip the test
/// with a message when the data is absent (mark such tests [SkippableFact]).
/// </summary>
public static class SharedData
{
    /// <summary>The repository root: the first parent folder holding CloudMask.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/data next to the repository, or null when it is not there.</summary>
    public static string? DataFolder { get; } = FindData();

    /// <summary>Full path of a file under shared/data; skips the test when it is missing.</summary>
    public static string RequireFile(string relativePath)
    {
        var path = DataFolder is null ? null : Path.Combine(DataFolder, relativePath);
        if (path is null || !File.Exists(path))
            throw new Xunit.SkipException($"shared data {relativePath} is not available (expected under ../shared/data)");
        return path;
    }

    /// <summary>Full path of a folder under shared/data; skips the test when it is missing.</summary>
    public static string RequireFolder(string relativePath)
    {
        var path = DataFolder is null ? null : Path.Combine(DataFolder, relativePath);
        if (path is null || !Directory.Exists(path))
            throw new Xunit.SkipException($"shared data folder {relativePath} is not available (expected under ../shared/data)");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudMask.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no CloudMask.slnx above {AppContext.BaseDirectory}");
    }

    private static string? FindData()
    {
        var candidate = Environment.GetEnvironmentVariable("CLOUDMASK_SHARED_DATA")
                        ?? Path.Combine(Path.GetDirectoryName(RepositoryRoot)!, "shared", "data");
        return Directory.Exists(candidate) ? candidate : null;
    }
}
