using CloudMask.Masking.Classes;
using CloudMask.Masking.Models;

namespace CloudMask.Viewer;

/// <summary>
/// What the viewer shows and may do: the folder of results it lists and serves (nothing outside it,
/// and outside the external mask folders named here, is ever served), the base map, where "label
/// this" exports chips and with which model it pre-labels them.
/// </summary>
public sealed record ViewerOptions
{
    /// <summary>Checks the folders and the base-map URL now, so a typo fails before the server starts.</summary>
    /// <exception cref="DirectoryNotFoundException">a folder does not exist.</exception>
    /// <exception cref="ArgumentException">the base-map URL is not an http(s) tile template.</exception>
    public ViewerOptions(string folder, string? basemap = null, IReadOnlyList<ExternalMaskFolder>? externalMasks = null,
        string? labelFolder = null, string? prelabelModel = null)
    {
        Folder = Existing(folder);
        Basemap = basemap is null ? null : CheckBasemap(basemap);
        ExternalMasks = externalMasks ?? [];
        LabelFolder = Path.GetFullPath(labelFolder ?? Path.Combine(Folder, "labelling"));
        PrelabelModel = prelabelModel ?? ModelCatalog.DefaultName;
    }

    /// <summary>The folder of results (full path): every *.mask.tif under it is listed, with its siblings.</summary>
    public string Folder { get; }

    /// <summary>An XYZ tile URL template ({z}/{x}/{y}) drawn under georeferenced results; none by default, so the page works offline.</summary>
    public string? Basemap { get; }

    /// <summary>Masks made by other software (Sen2Cor SCL, Fmask, ...), offered for the side-by-side swipe.</summary>
    public IReadOnlyList<ExternalMaskFolder> ExternalMasks { get; }

    /// <summary>Where "label this" writes chips (full path; default FOLDER/labelling).</summary>
    public string LabelFolder { get; }

    /// <summary>The model that pre-labels exported chips (a catalogue name or a .safetensors file).</summary>
    public string PrelabelModel { get; }

    internal static string Existing(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        return Path.TrimEndingDirectorySeparator(full);
    }

    private static string CheckBasemap(string url)
    {
        var valid = Uri.TryCreate(url.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && url.Contains("{z}", StringComparison.Ordinal) && url.Contains("{x}", StringComparison.Ordinal) && url.Contains("{y}", StringComparison.Ordinal);
        return valid ? url : throw new ArgumentException(
            $"--basemap {url}: expected an http(s) tile URL with {{z}}, {{x}} and {{y}}, e.g. https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png");
    }
}

/// <summary>A folder of masks in another product's codes: each NAME.tif (or NAME.mask.tif, NAME_*.tif) is matched to the result of the same stem.</summary>
public sealed record ExternalMaskFolder(ExternalMaskScheme Scheme, string Folder)
{
    /// <summary>Parses SCHEME:DIR, as `evaluate --masks` takes it (e.g. scl:/data/scl).</summary>
    public static ExternalMaskFolder Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        if (colon <= 0) throw new ArgumentException($"--masks {spec}: expected SCHEME:DIR, e.g. scl:/data/scl");
        return new ExternalMaskFolder(ExternalMaskScheme.Parse(spec[..colon]), ViewerOptions.Existing(spec[(colon + 1)..]));
    }
}
