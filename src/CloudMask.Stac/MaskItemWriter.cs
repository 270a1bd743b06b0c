using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Output;

namespace CloudMask.Stac;

/// <summary>
/// Writes STEM.item.json beside every mask: a STAC 1.0.0 Item whose assets are the mask (with the
/// class table as classification:classes), the JSON summary and whatever else was written
/// (preview, probabilities, uncertainty), with eo:cloud_cover, projection fields, the footprint in
/// WGS 84, and every field of the mask's JSON summary (model, class shares, checks) under "cloudmask:".
/// When the input was a STAC Item, the new Item links to it (derived_from) and keeps its time,
/// footprint and platform.
/// </summary>
public sealed class MaskItemWriter : IMaskSidecar
{
    public const string StacVersion = "1.0.0";
    public const string EoExtension = "https://stac-extensions.github.io/eo/v1.0.0/schema.json";
    public const string ProjectionExtension = "https://stac-extensions.github.io/projection/v1.0.0/schema.json";
    public const string ClassificationExtension = "https://stac-extensions.github.io/classification/v1.0.0/schema.json";
    public const string CogMediaType = "image/tiff; application=geotiff; profile=cloud-optimized";

    /// <summary>The Item's file name beside STEM.mask.tif.</summary>
    public string FileName(string stem) => stem + ".item.json";

    public void Write(string path, MaskSidecarContext context, bool overwrite) =>
        AtomicFile.WriteAllText(path, Build(context).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), overwrite);

    /// <summary>The Item for <paramref name="context"/>; asset hrefs are relative (the files sit beside the Item).</summary>
    public static JsonObject Build(MaskSidecarContext context)
    {
        var summary = context.Summary;
        var source = (context.Input as StacItemInput)?.Item;
        var (geometry, bbox) = Footprint(summary, source);
        var properties = new JsonObject
        {
            ["datetime"] = Utc(source?.DateTime ?? SensingTime(summary) ?? summary.Created),
            ["created"] = Utc(summary.Created),
            ["eo:cloud_cover"] = summary.CloudCoverPercent,
            ["proj:epsg"] = Raster.Crs.EpsgCode(summary.Crs),
            ["proj:shape"] = new JsonArray(summary.Height, summary.Width),
        };
        if (summary.GeoTransform is { } t) properties["proj:transform"] = new JsonArray(t[1], t[2], t[0], t[4], t[5], t[3]);
        foreach (var key in new[] { "platform", "constellation", "instruments", "mission" })
            if (source?.Document["properties"]?[key] is { } value) properties[key] = value.DeepClone();
        properties["cloudmask:input"] = context.Input.Name;
        foreach (var (name, value) in SummaryFields(summary)) properties["cloudmask:" + name] = value;

        var assets = new JsonObject
        {
            ["mask"] = new JsonObject
            {
                ["href"] = Path.GetFileName(context.MaskPath),
                ["type"] = CogMediaType,
                ["title"] = "Cloud mask: " + string.Join(", ", MaskClasses.All.Where(c => c != MaskClass.Undefined).Select(c => $"{(int)c} {MaskClasses.Name(c)}")),
                ["roles"] = new JsonArray("data", "metadata", "cloud", "cloud-shadow"),
                ["classification:classes"] = Classes(),
            },
            ["summary"] = new JsonObject
            {
                ["href"] = Path.GetFileName(context.SummaryPath), ["type"] = "application/json",
                ["title"] = "CloudMask summary: class shares, model, timings", ["roles"] = new JsonArray("metadata"),
            },
        };
        if (context.PreviewPath is { } preview)
            assets["preview"] = new JsonObject { ["href"] = Path.GetFileName(preview), ["type"] = "image/png", ["title"] = "True colour with the mask laid over it", ["roles"] = new JsonArray("overview", "visual") };
        if (context.ProbabilityPath is { } probabilities)
            assets["probabilities"] = new JsonObject { ["href"] = Path.GetFileName(probabilities), ["type"] = CogMediaType, ["title"] = "Class probabilities x 255, one band per class", ["roles"] = new JsonArray("data", "metadata") };
        if (context.UncertaintyPath is { } uncertainty)
            assets["uncertainty"] = new JsonObject { ["href"] = Path.GetFileName(uncertainty), ["type"] = CogMediaType, ["title"] = "Uncertainty, 0 (certain) to 255", ["roles"] = new JsonArray("data", "metadata") };

        var links = new JsonArray();
        if (source is not null)
            links.Add(new JsonObject { ["rel"] = "derived_from", ["href"] = source.Location, ["type"] = "application/geo+json", ["title"] = "The Item that was masked" });

        var item = new JsonObject
        {
            ["type"] = "Feature",
            ["stac_version"] = StacVersion,
            ["stac_extensions"] = new JsonArray(EoExtension, ProjectionExtension, ClassificationExtension),
            ["id"] = Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(context.MaskPath)) + "-cloudmask",
            ["geometry"] = geometry,
        };
        if (bbox is not null) item["bbox"] = bbox;
        item["properties"] = properties;
        item["links"] = links;
        item["assets"] = assets;
        return item;
    }

    /// <summary>The class table: value, name, description and colour, from the one class list.</summary>
    public static JsonArray Classes() => new(MaskClasses.All.Where(c => c != MaskClass.Undefined).Select(c =>
    {
        var (r, g, b, _) = MaskClasses.Colour(c);
        return (JsonNode)new JsonObject
        {
            ["value"] = (int)c,
            ["name"] = MaskClasses.Name(c),
            ["description"] = c switch
            {
                MaskClass.Missing => "No data (also the mask's nodata value)",
                MaskClass.Clear => "Clear: land or water seen without cloud",
                MaskClass.CloudShadow => "Cloud shadow",
                MaskClass.SemiTransparentCloud => "Semi-transparent (thin) cloud",
                _ => "Cloud",
            },
            ["color-hint"] = $"{r:X2}{g:X2}{b:X2}",
        };
    }).ToArray());

    /// <summary>Every top-level field of the summary but the ones the Item already says another way (paths, raw metadata, timings).</summary>
    private static IEnumerable<(string Name, JsonNode? Value)> SummaryFields(MaskSummary summary)
    {
        var json = JsonNode.Parse(summary.ToJson())!.AsObject();
        string[] skip = ["input", "mask", "crs", "geo_transform", "width", "height", "input_metadata", "timings_seconds", "cloud_cover_percent", "created"];
        foreach (var (name, value) in json)
            if (!skip.Contains(name)) yield return (name, value?.DeepClone());
    }

    private static DateTimeOffset? SensingTime(MaskSummary summary) =>
        (summary.InputMetadata.TryGetValue("sensing_start", out var s) || summary.InputMetadata.TryGetValue("datetime", out s))
        && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The source Item's footprint when there is one, else the mask's four corners in WGS 84; none without a CRS.</summary>
    private static (JsonNode? Geometry, JsonArray? Bbox) Footprint(MaskSummary summary, StacItem? source)
    {
        if (source?.Document["geometry"] is JsonObject geometry && source.Document["bbox"] is JsonArray sourceBox)
            return (geometry.DeepClone(), (JsonArray)sourceBox.DeepClone());
        if (summary.Crs is null || summary.GeoTransform is not { } t) return (null, null);
        (double X, double Y) At(double col, double row) => (t[0] + col * t[1] + row * t[2], t[3] + col * t[4] + row * t[5]);
        var corners = new[] { At(0, 0), At(summary.Width, 0), At(summary.Width, summary.Height), At(0, summary.Height) };
        (double Lon, double Lat)[] lonLat;
        try { lonLat = Raster.Crs.ToLonLat(summary.Crs, corners); }
        catch (ArgumentException) { return (null, null); }
        var ring = new JsonArray(lonLat.Append(lonLat[0]).Select(p => (JsonNode)new JsonArray(Math.Round(p.Lon, 7), Math.Round(p.Lat, 7))).ToArray());
        var polygon = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
        var box = new JsonArray(Math.Round(lonLat.Min(p => p.Lon), 7), Math.Round(lonLat.Min(p => p.Lat), 7),
            Math.Round(lonLat.Max(p => p.Lon), 7), Math.Round(lonLat.Max(p => p.Lat), 7));
        return (polygon, box);
    }
}
