using System.Text.RegularExpressions;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Inputs;

namespace CloudMask.Stac;

/// <summary>
/// A STAC Item to mask: read (file or URL) when it is opened, its Sentinel-2 band assets stacked
/// into a VRT in a temporary folder that lives as long as the opened input. Outputs are named
/// after the Item's id.
/// </summary>
public sealed partial class StacItemInput : IMaskInput
{
    private StacItem? _item;

    private StacItemInput(string location, StacItem? item)
    {
        Name = location;
        _item = item;
        Stem = item is null ? Masking.Output.OutputNames.Stem(location) : SafeStem(item);
    }

    /// <summary>An Item at <paramref name="location"/>; read now, so that the stem is the Item's id and errors come early.</summary>
    public static StacItemInput Read(string location, CancellationToken cancellation = default) =>
        new(location, StacItemReader.Read(location, cancellation));

    /// <summary>An Item already read.</summary>
    public static StacItemInput From(StacItem item) => new(item.Location, item);

    public string Name { get; }
    public string Stem { get; }

    /// <summary>The Item (read on first use).</summary>
    public StacItem Item => _item ??= StacItemReader.Read(Name);

    public SceneInputs.OpenedInput Open(int? resolutionM, IReadOnlyList<string>? bandNames)
    {
        if (bandNames is not null)
            throw new ArgumentException($"{Name}: band names are for GeoTIFF band stacks; a STAC Item names its bands in its assets");
        GdalPaths.UseRemoteReadingDefaults();
        var bands = Sentinel2Assets.Find(Item);
        var folder = Path.Combine(Path.GetTempPath(), $"cloudmask-stac-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var vrt = Path.Combine(folder, Stem + ".vrt");
            File.WriteAllText(vrt, StacBandStack.BuildVrt(Item, bands));
            var opened = SceneInputs.Open(vrt, resolutionM);
            var metadata = new Dictionary<string, string>(opened.Metadata)
            {
                ["stac_item"] = Item.Id,
                ["stac_href"] = Item.Location,
                ["band_assets"] = string.Join(",", bands.Select(b => $"{b.Band}:{b.Asset.Key}")),
            };
            foreach (var key in new[] { "platform", "s2:processing_baseline", "s2:product_type", "eo:cloud_cover" })
                if (Item.Property(key) is { } value) metadata[key] = value;
            if (Item.DateTime is { } datetime) metadata["datetime"] = datetime.UtcDateTime.ToString("O");
            return new SceneInputs.OpenedInput(opened.Source, metadata, new TemporaryFolderOwner(opened, folder));
        }
        catch
        {
            TemporaryFolderOwner.Delete(folder);
            throw;
        }
    }

    /// <summary>The Item's id as a file-name stem; an id that could name another folder is refused.</summary>
    private static string SafeStem(StacItem item) =>
        SafeName().IsMatch(item.Id) && item.Id != "." && item.Id != ".." ? item.Id
            : throw new StacException(item.Location, $"Item id \"{item.Id}\" is not a safe file name (letters, digits, '.', '_', '-' only)");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex SafeName();

    private sealed class TemporaryFolderOwner(IDisposable inner, string folder) : IDisposable
    {
        public void Dispose()
        {
            inner.Dispose();
            Delete(folder);
        }

        public static void Delete(string folder)
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }
}
