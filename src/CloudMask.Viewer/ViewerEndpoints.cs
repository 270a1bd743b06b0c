using System.Text.Json;
using System.Text.Json.Serialization;
using CloudMask.Masking.Classes;
using CloudMask.Viewer.Api;
using CloudMask.Viewer.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudMask.Viewer;

/// <summary>
/// Maps the map viewer onto an ASP.NET Core app (`cloudmask view` hosts it alone; the job server
/// mounts it under a prefix). Under the prefix:
/// <list type="bullet">
/// <item>GET / : the page (index.html, viewer.js, viewer.css, embedded in this assembly);</item>
/// <item>GET api/results : the results, external masks and evaluation chips found in the folder;</item>
/// <item>GET api/pixel?id=ID&amp;x=X&amp;y=Y : class, probabilities, uncertainty and label at one pixel;</item>
/// <item>POST api/label {id, x, y, width, height} : "label this", exports the box as a chip;</item>
/// <item>GET files/KEY : the COGs and JSON the list names, with HTTP range requests; no other file.</item>
/// </list>
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>JSON as the page reads it: snake_case names, enums as words, whatever the host app configured.</summary>
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Maps the viewer of <paramref name="options"/>'s folder under <paramref name="prefix"/> ("/" or e.g. "/viewer").</summary>
    public static RouteGroupBuilder MapCloudMaskViewer(this IEndpointRouteBuilder endpoints, ViewerOptions options, string prefix = "/")
    {
        ArgumentNullException.ThrowIfNull(options);
        var catalog = new ResultCatalog(options);
        var exporter = new LabelExporter(options);
        var group = endpoints.MapGroup("/" + prefix.Trim('/'));

        group.MapGet("/", (HttpContext context) => context.Request.Path.Value is { } path && !path.EndsWith('/')
            // The page's URLs are relative: without the slash they would resolve beside the prefix, not under it.
            ? Results.Redirect(context.Request.PathBase + path + "/" + context.Request.QueryString)
            : Asset("index.html"));
        foreach (var asset in ViewerAssets.Names) group.MapGet("/" + asset, () => Asset(asset));

        group.MapGet("/api/results", () => Results.Json(Describe(options, catalog.Current(rescan: true)), Json));

        group.MapGet("/api/pixel", (string id, int x, int y) =>
        {
            if (catalog.Current().Find(id) is not { } entry) return NotFound(id);
            if (x < 0 || y < 0 || x >= entry.Result.Width || y >= entry.Result.Height)
                return BadRequest($"pixel x {x}, y {y} is outside {entry.Result.Name} ({entry.Result.Width} x {entry.Result.Height} px)");
            return Results.Json(PixelProbe.Read(entry, x, y), Json);
        });

        group.MapPost("/api/label", async (HttpContext context, CancellationToken cancellation) =>
        {
            if (CrossSite(context)) return Results.Problem("requests from another site may not export chips", statusCode: StatusCodes.Status403Forbidden);
            if (!context.Request.HasJsonContentType()) return Results.Problem("send the box as JSON (Content-Type: application/json)", statusCode: StatusCodes.Status415UnsupportedMediaType);
            LabelRequest? box;
            try { box = await JsonSerializer.DeserializeAsync<LabelRequest>(context.Request.Body, Json, cancellation); }
            catch (JsonException e) { return BadRequest($"the box is not valid JSON: {e.Message}"); }
            if (box?.Id is null) return BadRequest("send {\"id\": ..., \"x\": ..., \"y\": ..., \"width\": ..., \"height\": ...}");
            if (catalog.Current().Find(box.Id) is not { } entry) return NotFound(box.Id);
            if (LabelExporter.Check(entry, box) is { } problem) return BadRequest(problem);
            try
            {
                return Results.Json(await exporter.ExportAsync(entry, box, cancellation), Json);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
            }
        });

        group.MapGet("/files/{**key}", (string key, HttpContext context) =>
        {
            // Only files the catalogue listed: a path the page did not get from api/results is not served.
            if (catalog.FilePath(key) is not { } path || !File.Exists(path)) return NotFound(key);
            context.Response.Headers.CacheControl = "no-cache"; // a result written again (predict --overwrite) is read afresh
            return Results.File(path, ContentType(path), lastModified: File.GetLastWriteTimeUtc(path), enableRangeProcessing: true);
        });
        return group;
    }

    /// <summary>The classes as the legend draws them.</summary>
    internal static IReadOnlyList<ViewerClass> Classes { get; } = MaskClasses.All.Select(c =>
    {
        var (r, g, b, a) = MaskClasses.Colour(c);
        var name = MaskClasses.Name(c);
        return new ViewerClass((int)c, name, name.Replace("semi_transparent", "semi-transparent", StringComparison.Ordinal).Replace('_', ' '), [r, g, b, a]);
    }).ToList();

    private static CatalogResponse Describe(ViewerOptions options, CatalogSnapshot snapshot) =>
        new(Path.GetFileName(options.Folder), options.Basemap, Classes, snapshot.Entries.Select(e => e.Result).ToList());

    private static IResult Asset(string name) =>
        ViewerAssets.Find(name) is { } asset ? Results.Bytes(asset.Bytes, asset.ContentType) : Results.NotFound();

    private static IResult NotFound(string what) => Results.Problem($"{what}: no such result or file in this folder", statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string why) => Results.Problem(why, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A browser sends Origin on a POST; one from another site (a page trying to reach this local server) is refused.</summary>
    private static bool CrossSite(HttpContext context) =>
        context.Request.Headers.Origin is { Count: > 0 } origin
        && !(Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri) && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase));

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".tif" or ".tiff" => "image/tiff",
        ".json" => "application/json",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
