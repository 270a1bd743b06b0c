using System.Text.Json.Nodes;

namespace CloudMask.Stac;

/// <summary>One band of an asset as a catalogue describes it (STAC 1.0 eo:bands + raster:bands, or 1.1 bands).</summary>
public sealed record StacBand(string? Name, string? CommonName, double? CenterWavelengthUm, double? FullWidthHalfMaxUm,
    double? Scale, double? Offset, double? NoData);

/// <summary>An asset with its href made absolute (a path, or an http(s)/s3 URL) and the fields CloudMask uses.</summary>
public sealed record StacAsset(string Key, string Href, string? MediaType, IReadOnlyList<string> Roles, IReadOnlyList<StacBand> Bands, double? Gsd);

/// <summary>A STAC Item as read: its id, where it came from, the fields CloudMask uses, and the whole document.</summary>
public sealed record StacItem(string Id, string Location, DateTimeOffset? DateTime, IReadOnlyList<StacAsset> Assets, JsonObject Document)
{
    /// <summary>A property of the Item ("platform", "s2:processing_baseline", ...) as a string, or null.</summary>
    public string? Property(string name) =>
        Document["properties"] is JsonObject p && p[name] is JsonValue v ? v.ToString() : null;
}
