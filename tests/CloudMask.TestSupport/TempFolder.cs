namespace CloudMask.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string? prefix = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cloudmask-{prefix ?? "test"}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Full path of a file or folder inside this folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of all files in the folder, hidden ones included, sorted.</summary>
    public IReadOnlyList<string> FileNames() =>
        Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp folder is not worth failing a test for */ }
    }
}
