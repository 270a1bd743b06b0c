using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudMask.Stac;

/// <summary>
/// Reads a STAC Item from a file or an http(s) URL. Asset hrefs are made absolute against the
/// Item's own location; STAC 1.0 (eo:bands, raster:bands) and 1.1 (bands) band fields are read
/// into one <see cref="StacBand"/> shape here, so nothing else knows the versions apart.
/// </summary>
public static class StacItemReader
{
    /// <summary>The largest Item read (a Sentinel-2 Item is 10-30 kB).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Whether <paramref name="input"/> names a STAC Item rather than a raster: a .json file or an http(s) URL that is not a raster file.</summary>
    public static bool LooksLikeItem(string input)
    {
        if (IsHttp(input))
        {
            var path = new Uri(input).AbsolutePath;
            return !RasterSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));
        }
        return input.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !input.StartsWith("/vsi", StringComparison.Ordinal);
    }

    private static readonly string[] RasterSuffixes = [".tif", ".tiff", ".jp2", ".vrt", ".zip", ".img", ".xml"];

    public static bool IsHttp(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="StacException">the Item cannot be fetched, is not JSON, or is not a STAC Item.</exception>
    public static StacItem Read(string location, CancellationToken cancellation = default)
    {
        string text;
        try { text = IsHttp(location) ? Fetch(location, cancellation) : ReadFile(location); }
        catch (HttpRequestException e) { throw new StacException(location, $"could not be fetched ({e.Message})"); }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested) { throw new StacException(location, "timed out"); }
        catch (FileNotFoundException) { throw new StacException(location, "no such file"); }
        catch (DirectoryNotFoundException) { throw new StacException(location, "no such file"); }
        return Parse(text, IsHttp(location) ? location : Path.GetFullPath(location));
    }

    /// <summary>Parses an Item's text; <paramref name="location"/> (absolute) resolves relative hrefs.</summary>
    public static StacItem Parse(string text, string location)
    {
        JsonObject document;
        try { document = JsonNode.Parse(text) as JsonObject ?? throw new StacException(location, "is not a JSON object"); }
        catch (JsonException e) { throw new StacException(location, $"is not valid JSON ({e.Message})"); }
        if (document["type"]?.GetValueKind() != JsonValueKind.String || (string?)document["type"] != "Feature")
            throw new StacException(location, "is not a STAC Item (its \"type\" is not \"Feature\")");
        if (document["stac_version"] is null) throw new StacException(location, "is not a STAC Item (no \"stac_version\")");
        var id = document["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var s) && s.Length > 0
            ? s : throw new StacException(location, "has no \"id\"");
        if (document["assets"] is not JsonObject assets) throw new StacException(location, "has no \"assets\"");
        var properties = document["properties"] as JsonObject;
        DateTimeOffset? datetime = properties?["datetime"] is JsonValue d && d.TryGetValue<string>(out var ds)
            && DateTimeOffset.TryParse(ds, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        var list = new List<StacAsset>();
        foreach (var (key, node) in assets)
        {
            if (node is not JsonObject asset || asset["href"] is not JsonValue hv || !hv.TryGetValue<string>(out var href) || href.Length == 0)
                throw new StacException(location, $"asset \"{key}\" has no href");
            list.Add(new StacAsset(key, Resolve(location, href), (string?)asset["type"],
                asset["roles"] is JsonArray roles ? roles.Select(r => r?.ToString() ?? "").ToList() : [],
                Bands(asset), Number(asset["gsd"])));
        }
        return new StacItem(id, location, datetime, list, document);
    }

    /// <summary>An href made absolute: URLs stay (s3:// too), relative ones resolve against the Item's location.</summary>
    internal static string Resolve(string location, string href)
    {
        if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "s3" or "gs") return href;
        if (href.StartsWith('/')) return IsHttp(location) ? new Uri(new Uri(location), href).ToString() : href;
        if (Uri.TryCreate(href, UriKind.Absolute, out var file) && file.IsFile) return file.LocalPath;
        return IsHttp(location)
            ? new Uri(new Uri(location), href).ToString()
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(location)!, href));
    }

    /// <summary>The asset's bands: STAC 1.1 "bands" or 1.0 "eo:bands" merged index by index with "raster:bands".</summary>
    private static List<StacBand> Bands(JsonObject asset)
    {
        var result = new List<StacBand>();
        if (asset["bands"] is JsonArray v11)
        {
            foreach (var b in v11.OfType<JsonObject>())
                result.Add(new StacBand((string?)b["name"], (string?)b["eo:common_name"], Number(b["eo:center_wavelength"]),
                    Number(b["eo:full_width_half_max"]), Number(b["raster:scale"]) ?? Number(b["scale"]),
                    Number(b["raster:offset"]) ?? Number(b["offset"]), Number(b["nodata"])));
            return result;
        }
        var eo = (asset["eo:bands"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var raster = (asset["raster:bands"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = 0; i < Math.Max(eo.Count, raster.Count); i++)
        {
            var e = i < eo.Count ? eo[i] : null;
            var r = i < raster.Count ? raster[i] : null;
            result.Add(new StacBand((string?)e?["name"], (string?)e?["common_name"], Number(e?["center_wavelength"]),
                Number(e?["full_width_half_max"]), Number(r?["scale"]), Number(r?["offset"]), Number(r?["nodata"])));
        }
        return result;
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    private static string ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException(path);
        if (info.Length > MaxBytes) throw new StacException(path, $"is {info.Length} bytes; a STAC Item is at most {MaxBytes}");
        return File.ReadAllText(path);
    }

    private static string Fetch(string url, CancellationToken cancellation)
    {
        using var response = Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
            throw new StacException(url, $"could not be fetched (HTTP {(int)response.StatusCode} {response.ReasonPhrase})");
        if (response.Content.Headers.ContentLength > MaxBytes)
            throw new StacException(url, $"is {response.Content.Headers.ContentLength} bytes; a STAC Item is at most {MaxBytes}");
        using var stream = response.Content.ReadAsStream(cancellation);
        using var limited = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            limited.Write(buffer, 0, read);
            if (limited.Length > MaxBytes) throw new StacException(url, $"is over {MaxBytes} bytes; a STAC Item is at most that");
        }
        return System.Text.Encoding.UTF8.GetString(limited.GetBuffer(), 0, (int)limited.Length);
    }
}
