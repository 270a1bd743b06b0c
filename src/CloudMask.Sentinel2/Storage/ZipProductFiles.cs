using System.IO.Compression;

namespace CloudMask.Sentinel2.Storage;

/// <summary>
/// A product still in its download .zip. The central directory is read once; XML is read from the
/// archive directly and GDAL reads the JPEG 2000 bands through /vsizip/, so nothing is unpacked.
/// </summary>
internal sealed class ZipProductFiles : ProductFiles
{
    private readonly string _zipPath;
    private readonly ZipArchive _archive;
    private readonly string _safePrefix;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private ZipProductFiles(string zipPath, ZipArchive archive, string safePrefix)
    {
        _zipPath = zipPath;
        _archive = archive;
        _safePrefix = safePrefix;
        _entries = archive.Entries
            .Where(e => e.FullName.StartsWith(safePrefix, StringComparison.Ordinal) && !e.FullName.EndsWith('/'))
            .GroupBy(e => e.FullName[safePrefix.Length..])
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Opens the archive and finds the .SAFE folder in it.</summary>
    /// <exception cref="ProductException">not a readable zip (<see cref="ProductProblem.DamagedArchive"/>) or no SAFE inside.</exception>
    public static ZipProductFiles Open(string zipPath)
    {
        zipPath = Path.GetFullPath(zipPath);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new ProductException(ProductProblem.DamagedArchive, zipPath,
                $"is not a readable zip ({e.Message}); the download is probably truncated, download the product again", e);
        }
        try
        {
            var names = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            var safeFolders = names
                .Select(n => n.Split('/')[0])
                .Where(first => first.EndsWith(".SAFE", StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (safeFolders.Count > 1)
                throw new ProductException(ProductProblem.UnsupportedLayout, zipPath,
                    $"holds {safeFolders.Count} .SAFE folders ({string.Join(", ", safeFolders.Take(3))}); pass one product per zip");
            if (safeFolders.Count == 1) return new ZipProductFiles(zipPath, archive, safeFolders[0] + "/");
            // Some tools zip the content of the SAFE folder without the folder itself.
            if (names.Any(n => n.StartsWith("MTD_MSIL", StringComparison.OrdinalIgnoreCase)))
                return new ZipProductFiles(zipPath, archive, "");
            throw new ProductException(ProductProblem.ZipWithoutSafe, zipPath,
                $"holds no .SAFE folder ({names.Count} entries{(names.Count > 0 ? ", first " + names[0] : "")}); a Sentinel-2 product zip contains one NAME.SAFE folder with MTD_MSIL1C.xml or MTD_MSIL2A.xml");
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public override IReadOnlyCollection<string> Files => _entries.Keys;
    public override string RootDisplayPath => _zipPath + "/" + _safePrefix.TrimEnd('/');
    public override string DisplayPath(string relativePath) => _zipPath + "/" + _safePrefix + relativePath;
    public override string GdalPath(string relativePath) => "/vsizip/" + _zipPath + "/" + _safePrefix + (Resolve(relativePath) ?? relativePath);

    public override Stream OpenRead(string relativePath)
    {
        var stored = Resolve(relativePath) ?? throw new FileNotFoundException(DisplayPath(relativePath));
        try
        {
            // Copy out: the XML parser may outlive a deflate stream tied to the archive.
            var copy = new MemoryStream();
            using (var s = _entries[stored].Open()) s.CopyTo(copy);
            copy.Position = 0;
            return copy;
        }
        catch (InvalidDataException e)
        {
            throw new ProductException(ProductProblem.DamagedArchive, DisplayPath(relativePath),
                $"cannot be decompressed ({e.Message}); the zip is damaged, download the product again", e);
        }
    }

    public override void Dispose() => _archive.Dispose();
}
