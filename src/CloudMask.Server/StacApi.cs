using System.Text.Json.Nodes;
using CloudMask.Stac;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudMask.Server;

/// <summary>The results as STAC: a Collection at /stac/collection.json linking one Item per succeeded job.</summary>
public static class StacApi
{
    public const string CollectionId = "cloudmask-results";

    public static RouteGroupBuilder MapCloudMaskStac(this IEndpointRouteBuilder app)
    {
        var stac = app.MapGroup("/stac");
        stac.MapGet("/collection.json", Collection);
        stac.MapGet("/items/{id}", Item);
        return stac;
    }

    private static IResult Collection(HttpContext http, JobStore store)
    {
        var baseUrl = JobsApi.BaseUrl(http.Request);
        var links = new JsonArray(
            Link("self", $"{baseUrl}/stac/collection.json", "application/json"),
            Link("root", $"{baseUrl}/stac/collection.json", "application/json"));
        foreach (var id in store.Ids())
            if (store.Get(id) is { } r && JobStatus.StateOf(r, store.HangfireState(r.HangfireId)) == "succeeded")
                links.Add(Link("item", $"{baseUrl}/stac/items/{id}", "application/geo+json"));
        var collection = new JsonObject
        {
            ["type"] = "Collection",
            ["stac_version"] = MaskItemWriter.StacVersion,
            ["stac_extensions"] = new JsonArray(MaskItemWriter.ClassificationExtension),
            ["id"] = CollectionId,
            ["title"] = "CloudMask results",
            ["description"] = "Cloud, thin-cloud and cloud-shadow masks made by this CloudMask server, one Item per finished job.",
            ["license"] = "proprietary",
            ["extent"] = new JsonObject
            {
                ["spatial"] = new JsonObject { ["bbox"] = new JsonArray(new JsonArray(-180, -90, 180, 90)) },
                ["temporal"] = new JsonObject { ["interval"] = new JsonArray(new JsonArray(null, null)) },
            },
            ["summaries"] = new JsonObject { ["classification:classes"] = MaskItemWriter.Classes() },
            ["links"] = links,
        };
        return Results.Text(collection.ToJsonString(), "application/json");
    }

    /// <summary>The Item written beside the job's mask, with asset hrefs made absolute URLs of this server and the Collection linked.</summary>
    private static IResult Item(string id, HttpContext http, JobStore store)
    {
        if (store.Get(id) is not { } r) return JobsApi.NotFound(id);
        var itemFile = r.Files.FirstOrDefault(f => f.EndsWith(".item.json", StringComparison.Ordinal));
        if (itemFile is null || !File.Exists(Path.Combine(r.OutputFolder, itemFile)))
            return JobsApi.Problem(404, "no STAC Item", $"job {id} has not written its STAC Item (state: {JobStatus.StateOf(r, store.HangfireState(r.HangfireId))})");
        var baseUrl = JobsApi.BaseUrl(http.Request);
        var item = JsonNode.Parse(File.ReadAllText(Path.Combine(r.OutputFolder, itemFile)))!.AsObject();
        if (item["assets"] is JsonObject assets)
            foreach (var (_, asset) in assets)
                if (asset is JsonObject a && (string?)a["href"] is { } href && r.Files.Contains(href))
                    a["href"] = $"{baseUrl}/api/jobs/{id}/files/{Uri.EscapeDataString(href)}";
        item["collection"] = CollectionId;
        var links = item["links"] as JsonArray ?? [];
        links.Add(Link("self", $"{baseUrl}/stac/items/{id}", "application/geo+json"));
        links.Add(Link("collection", $"{baseUrl}/stac/collection.json", "application/json"));
        links.Add(Link("parent", $"{baseUrl}/stac/collection.json", "application/json"));
        links.Add(Link("root", $"{baseUrl}/stac/collection.json", "application/json"));
        item["links"] = links;
        return Results.Text(item.ToJsonString(), "application/geo+json");
    }

    private static JsonObject Link(string rel, string href, string type) => new() { ["rel"] = rel, ["href"] = href, ["type"] = type };
}
