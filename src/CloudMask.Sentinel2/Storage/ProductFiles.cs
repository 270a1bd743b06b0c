namespace CloudMask.Sentinel2.Storage;

/// <summary>
/// The files of one SAFE product, addressed by SAFE-relative paths with '/' separators, wherever the
/// product lives (a folder or a zip). Metadata is read through <see cref="OpenRead"/>; pixels through
/// GDAL with <see cref="GdalPath"/>.
/// </summary>
internal abstract class ProductFiles : IDisposable
{
    private Dictionary<string, string>? _byLowerCase;

    /// <summary>Every file of the product, SAFE-relative.</summary>
    public abstract IReadOnlyCollection<string> Files { get; }

    /// <summary>How to name a file in messages: a real path, or "archive.zip/X.SAFE/inner".</summary>
    public abstract string DisplayPath(string relativePath);

    /// <summary>The name GDAL opens the file by (a path or a /vsizip/ path).</summary>
    public abstract string GdalPath(string relativePath);

    /// <summary>The SAFE root for messages.</summary>
    public abstract string RootDisplayPath { get; }

    public abstract Stream OpenRead(string relativePath);

    public bool Exists(string relativePath) => Resolve(relativePath) is not null;

    /// <summary>The stored spelling of a path, matched case-insensitively (real archives hold MTD_MSIL2a.xml), or null.</summary>
    public string? Resolve(string relativePath)
    {
        _byLowerCase ??= Files.GroupBy(f => f.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First());
        return _byLowerCase.GetValueOrDefault(relativePath.Replace('\\', '/').ToLowerInvariant());
    }

    /// <summary>Files directly inside a SAFE-relative folder ("" = the SAFE root).</summary>
    public IEnumerable<string> FilesIn(string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder.TrimEnd('/') + "/";
        return Files.Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && f.IndexOf('/', prefix.Length) < 0);
    }

    /// <summary>Sub-folders directly inside a SAFE-relative folder.</summary>
    public IEnumerable<string> FoldersIn(string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder.TrimEnd('/') + "/";
        return Files.Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(f => f[prefix.Length..])
            .Where(rest => rest.Contains('/'))
            .Select(rest => prefix + rest[..rest.IndexOf('/')])
            .Distinct(StringComparer.Ordinal);
    }

    public virtual void Dispose() { }
}

/// <summary>A product unpacked into a .SAFE folder.</summary>
internal sealed class FolderProductFiles : ProductFiles
{
    private readonly string _root;
    private readonly string[] _files;

    public FolderProductFiles(string root)
    {
        _root = Path.GetFullPath(root);
        _files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
            .ToArray();
    }

    public override IReadOnlyCollection<string> Files => _files;
    public override string RootDisplayPath => _root;
    public override string DisplayPath(string relativePath) => Path.Combine(_root, relativePath);
    public override string GdalPath(string relativePath) => Path.Combine(_root, Resolve(relativePath) ?? relativePath);
    public override Stream OpenRead(string relativePath) => File.OpenRead(GdalPath(relativePath));
}
