using System.Globalization;
using System.Text.Json;
using CloudMask.Masking.Classes;
using CloudMask.Raster;

namespace CloudMask.Viewer.Catalog;

/// <summary>A listed mask with the paths behind it (never sent to the page).</summary>
internal sealed record CatalogEntry(ViewerResult Result, string MaskPath, ExternalMaskScheme Scheme, string? ProbabilitiesPath,
    string? UncertaintyPath, string? LabelPath, string? InputPath);

/// <summary>One scan of the folders: the entries, and every file the page may fetch (URL key -> full path).</summary>
internal sealed record CatalogSnapshot(IReadOnlyList<CatalogEntry> Entries, IReadOnlyDictionary<string, string> Files, DateTime ScannedUtc)
{
    public CatalogEntry? Find(string id) => Entries.FirstOrDefault(e => e.Result.Id == id);
}

/// <summary>
/// Finds the results in the viewer's folder: every STEM.mask.tif (with STEM.mask.json, STEM.rgb.tif,
/// STEM.prob.tif, STEM.uncertainty.tif beside it), the chips of `evaluate` reports
/// (REPORT/chips/, see <see cref="Masking.Evaluation.ReportChips"/>), and the masks in the external folders
/// whose names start with a result's stem. Only files found here are ever served; symbolic links
/// and hidden files are not followed, so nothing outside the folders leaks.
/// </summary>
internal sealed class ResultCatalog(ViewerOptions options)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private CatalogSnapshot? _snapshot;

    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
        MaxRecursionDepth = 8,
    };

    private static readonly EnumerationOptions Flat = new()
    {
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
    };

    /// <summary>The latest scan (the first call scans); <paramref name="rescan"/>: scan again first (the page reloads the list).</summary>
    public CatalogSnapshot Current(bool rescan = false)
    {
        lock (_gate)
        {
            if (rescan || _snapshot is null) _snapshot = Scan();
            return _snapshot;
        }
    }

    /// <summary>
    /// The path of a file the page asks for, or null when no scan lists it. A key the latest scan
    /// does not know (written since) triggers one new scan, at most every couple of seconds, so
    /// tile requests for unknown names cannot keep the server scanning.
    /// </summary>
    public string? FilePath(string key)
    {
        if (Current().Files.TryGetValue(key, out var path)) return path;
        lock (_gate)
        {
            if (DateTime.UtcNow - _snapshot!.ScannedUtc > FreshFor) _snapshot = Scan();
            return _snapshot.Files.GetValueOrDefault(key);
        }
    }

    private CatalogSnapshot Scan()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<CatalogEntry>();
        var labelFolder = Path.TrimEndingDirectorySeparator(options.LabelFolder);
        foreach (var maskPath in Directory.EnumerateFiles(options.Folder, "*" + MaskSuffix, Walk).Order(StringComparer.Ordinal))
        {
            if (maskPath.StartsWith(labelFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            if (TryDescribe(() => ReadResult(maskPath, files)) is { } entry) entries.Add(entry);
        }
        foreach (var report in Directory.EnumerateFiles(options.Folder, "report.json", Walk).Order(StringComparer.Ordinal))
            entries.AddRange(ReadChips(Path.GetDirectoryName(report)!, files));
        for (var i = 0; i < options.ExternalMasks.Count; i++)
            entries.AddRange(ReadExternal(i + 1, options.ExternalMasks[i], entries.Where(e => e.Result.Kind == ResultKind.Result).ToList(), files));
        return new CatalogSnapshot(entries, files, DateTime.UtcNow);
    }

    private const string MaskSuffix = ".mask.tif";

    /// <summary>A damaged or half-copied file is left out of the list instead of failing the whole page.</summary>
    private static CatalogEntry? TryDescribe(Func<CatalogEntry> describe)
    {
        try { return describe(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException) { return null; }
    }

    private CatalogEntry ReadResult(string maskPath, Dictionary<string, string> files)
    {
        var folder = Path.GetDirectoryName(maskPath)!;
        var stem = Path.GetFileName(maskPath)[..^MaskSuffix.Length];
        string? Sibling(string suffix) => File.Exists(Path.Combine(folder, stem + suffix)) ? Path.Combine(folder, stem + suffix) : null;
        var summary = Sibling(".mask.json") is { } json ? MaskSummaryFile.Read(json) : null;
        var grid = Grid.Read(maskPath);
        var (rgb, probabilities, uncertainty) = (Sibling(".rgb.tif"), Sibling(".prob.tif"), Sibling(".uncertainty.tif"));
        var input = summary?.Input is { } given ? FindInput(given, folder) : null;
        var result = new ViewerResult(
            Id: Key(0, maskPath), Kind: ResultKind.Result, Group: stem, Name: stem, Folder: Relative(0, folder), Set: null,
            Date: summary?.Date, CloudCover: summary?.CloudCover, Model: summary?.Model ?? grid.Model,
            Width: grid.Width, Height: grid.Height, Transform: grid.Transform, Crs: grid.Crs, Footprint: grid.Footprint,
            Mask: Serve(0, maskPath, files), Scheme: ExternalMaskScheme.CloudMask.Name, Codes: Codes(ExternalMaskScheme.CloudMask),
            Rgb: ServeIf(0, rgb, files), Probabilities: ServeIf(0, probabilities, files), Uncertainty: ServeIf(0, uncertainty, files),
            Label: null, ClassPercent: summary?.ClassPercent, CanLabel: input is not null);
        return new CatalogEntry(result, maskPath, ExternalMaskScheme.CloudMask, probabilities, uncertainty, null, input);
    }

    /// <summary>
    /// The chips an `evaluate` report wrote beside itself: chips/NAME.label.tif and NAME.rgb.tif, and
    /// chips/ENTRY/NAME.prediction.tif for each model or mask folder it scored.
    /// </summary>
    private IEnumerable<CatalogEntry> ReadChips(string reportFolder, Dictionary<string, string> files)
    {
        var chips = Path.Combine(reportFolder, Masking.Evaluation.ReportChips.FolderName);
        if (!Directory.Exists(chips)) yield break;
        var set = Relative(0, reportFolder) is { Length: > 0 } r ? r : Path.GetFileName(reportFolder);
        foreach (var labelPath in Directory.EnumerateFiles(chips, "*" + Masking.Evaluation.ReportChips.LabelSuffix, Flat).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(labelPath)[..^Masking.Evaluation.ReportChips.LabelSuffix.Length];
            var rgbPath = Path.Combine(chips, name + Masking.Evaluation.ReportChips.RgbSuffix);
            var rgb = File.Exists(rgbPath) ? Serve(0, rgbPath, files) : null;
            var label = TryDescribe(() =>
            {
                var grid = Grid.Read(labelPath);
                return new CatalogEntry(new ViewerResult(Key(0, labelPath), ResultKind.Label, $"{set}/{name}", name, "label", set, null, null, null,
                    grid.Width, grid.Height, grid.Transform, grid.Crs, grid.Footprint, Serve(0, labelPath, files), ExternalMaskScheme.CloudMask.Name,
                    Codes(ExternalMaskScheme.CloudMask), rgb, null, null, null, null, false), labelPath, ExternalMaskScheme.CloudMask, null, null, null, null);
            });
            if (label is null) continue;
            yield return label;
            foreach (var entryFolder in Directory.EnumerateDirectories(chips, "*", Flat).Order(StringComparer.Ordinal))
            {
                var predictionPath = Path.Combine(entryFolder, name + Masking.Evaluation.ReportChips.PredictionSuffix);
                if (!File.Exists(predictionPath)) continue;
                var entry = Path.GetFileName(entryFolder);
                var chip = TryDescribe(() =>
                {
                    var grid = Grid.Read(predictionPath);
                    return new CatalogEntry(label.Result with
                    {
                        Id = Key(0, predictionPath), Kind = ResultKind.Chip, Folder = entry, Model = entry, Mask = Serve(0, predictionPath, files),
                        Label = label.Result.Mask, ClassPercent = null, Width = grid.Width, Height = grid.Height,
                    }, predictionPath, ExternalMaskScheme.CloudMask, null, null, labelPath, null);
                });
                if (chip is not null) yield return chip;
            }
        }
    }

    /// <summary>Masks in another product's codes whose file name starts with a result's stem (STEM.tif, STEM_SCL.tif, ...).</summary>
    private IEnumerable<CatalogEntry> ReadExternal(int root, ExternalMaskFolder external, IReadOnlyList<CatalogEntry> results,
        Dictionary<string, string> files)
    {
        var stems = results.Select(e => e.Result.Group).Distinct().OrderByDescending(s => s.Length).ToList();
        foreach (var path in Directory.EnumerateFiles(external.Folder, "*.tif", Flat).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var stem = stems.FirstOrDefault(s => name == s || name.StartsWith(s + ".", StringComparison.Ordinal) || name.StartsWith(s + "_", StringComparison.Ordinal));
            if (stem is null) continue;
            var entry = TryDescribe(() =>
            {
                var grid = Grid.Read(path);
                return new CatalogEntry(new ViewerResult(Key(root, path), ResultKind.External, stem, name, $"{external.Scheme.Name}:{Path.GetFileName(external.Folder)}",
                    null, null, null, external.Scheme.Description, grid.Width, grid.Height, grid.Transform, grid.Crs, grid.Footprint, Serve(root, path, files),
                    external.Scheme.Name, Codes(external.Scheme), null, null, null, null, null, false), path, external.Scheme, null, null, null, null);
            });
            if (entry is not null) yield return entry;
        }
    }

    /// <summary>Each code of <paramref name="scheme"/> with the project class it means.</summary>
    internal static int[][] Codes(ExternalMaskScheme scheme) =>
        scheme.Codes.OrderBy(kv => kv.Key).Select(kv => new[] { kv.Key, (int)kv.Value }).ToArray();

    /// <summary>
    /// The input a mask was made from, as its JSON names it: that path may be relative to wherever
    /// `predict` ran, so it is tried as given, then from the mask's folder and each folder above.
    /// </summary>
    private static string? FindInput(string given, string maskFolder)
    {
        static bool Exists(string p) => File.Exists(p) || Directory.Exists(p);
        if (Path.IsPathRooted(given)) return Exists(given) ? given : null;
        if (Exists(Path.GetFullPath(given))) return Path.GetFullPath(given);
        for (var folder = maskFolder; folder is not null; folder = Path.GetDirectoryName(folder))
            if (Exists(Path.Combine(folder, given))) return Path.GetFullPath(Path.Combine(folder, given));
        return null;
    }

    private string RootOf(int root) => root == 0 ? options.Folder : options.ExternalMasks[root - 1].Folder;

    /// <summary>A file's key: its root's number and its path below the root, with forward slashes.</summary>
    private string Key(int root, string path) =>
        root.ToString(CultureInfo.InvariantCulture) + "/" + Path.GetRelativePath(RootOf(root), path).Replace(Path.DirectorySeparatorChar, '/');

    private string Relative(int root, string folder)
    {
        var relative = Path.GetRelativePath(RootOf(root), folder).Replace(Path.DirectorySeparatorChar, '/');
        return relative == "." ? "" : relative;
    }

    /// <summary>Registers a file the page may fetch and returns its URL (relative to the page).</summary>
    private string Serve(int root, string path, Dictionary<string, string> files)
    {
        var key = Key(root, path);
        files[key] = path;
        return "files/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
    }

    private string? ServeIf(int root, string? path, Dictionary<string, string> files) => path is null ? null : Serve(root, path, files);
}

/// <summary>Size and placement of a raster, read from the file itself.</summary>
internal sealed record Grid(int Width, int Height, double[]? Transform, CrsInfo? Crs, double[][]? Footprint, string? Model)
{
    public static Grid Read(string path)
    {
        using var raster = RasterDataset.Open(path);
        var crs = CrsOf(raster.Crs);
        if (raster.GeoTransform is not { } t || crs is null)
            return new Grid(raster.Width, raster.Height, null, null, null, raster.MetadataItem("CLOUDMASK_MODEL"));
        double[] Corner(int col, int row) => [t.OriginX + col * t.PixelWidth + row * t.RowRotation, t.OriginY + col * t.ColumnRotation + row * t.PixelHeight];
        return new Grid(raster.Width, raster.Height, [t.OriginX, t.PixelWidth, t.RowRotation, t.OriginY, t.ColumnRotation, t.PixelHeight], crs,
            [Corner(0, 0), Corner(raster.Width, 0), Corner(raster.Width, raster.Height), Corner(0, raster.Height)], raster.MetadataItem("CLOUDMASK_MODEL"));
    }

    /// <summary>EPSG:n when GDAL can name it, else a code made from the WKT; null when PROJ.4 cannot express it (shown in pixels).</summary>
    private static CrsInfo? CrsOf(string? wkt)
    {
        if (Raster.Crs.ToProj4(wkt) is not { } proj4) return null;
        var code = Raster.Crs.EpsgCode(wkt) is { } epsg
            ? $"EPSG:{epsg}"
            : "CLOUDMASK:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(wkt!)))[..12];
        return new CrsInfo(code, proj4);
    }
}

/// <summary>The few fields of STEM.mask.json the list shows.</summary>
internal sealed record MaskSummaryFile(string? Input, string? Date, double? CloudCover, string? Model, IReadOnlyDictionary<string, double>? ClassPercent)
{
    public static MaskSummaryFile Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? Number(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var metadata = root.TryGetProperty("input_metadata", out var m) ? m : default;
        var model = root.TryGetProperty("model", out var md) ? Text(md, "id") : null;
        Dictionary<string, double>? classes = null;
        if (root.TryGetProperty("class_percent", out var cp) && cp.ValueKind == JsonValueKind.Object)
            classes = cp.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble());
        return new MaskSummaryFile(Text(root, "input"), Text(metadata, "sensing_start") ?? Text(root, "created"), Number("cloud_cover_percent"), model, classes);
    }
}
