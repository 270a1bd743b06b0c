using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CloudMask.Stac.Tests;

/// <summary>
/// Validates STAC Items offline against the vendored schemas (Schemas/, see its README): the core
/// Item schema, then the schema of every extension the Item lists.
/// </summary>
internal static class StacSchemas
{
    private static readonly Lazy<(BuildOptions Options, Dictionary<string, JsonSchema> ByUri)> Loaded = new(Load);

    private static (BuildOptions, Dictionary<string, JsonSchema>) Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var byUri = new Dictionary<string, JsonSchema>();
        string[] order = ["geojson-Geometry.json", "geojson-Feature.json", "stac-basics.json", "stac-datetime.json", "stac-instrument.json",
            "stac-licensing.json", "stac-provider.json", "stac-item.json", "ext-eo-v1.0.0.json", "ext-projection-v1.0.0.json", "ext-classification-v1.0.0.json"];
        foreach (var file in order)
        {
            var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", file));
            var id = JsonNode.Parse(text)!["$id"]!.GetValue<string>().TrimEnd('#');
            var schema = JsonSchema.FromText(text, options, new Uri(id));
            options.SchemaRegistry.Register(new Uri(id), schema);
            byUri[id] = schema;
        }
        return (options, byUri);
    }

    /// <summary>Every schema error of <paramref name="item"/>, "schema: location: message"; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode item)
    {
        var (_, byUri) = Loaded.Value;
        var element = JsonSerializer.Deserialize<JsonElement>(item.ToJsonString());
        var errors = new List<string>();
        var schemas = new List<string> { "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json" };
        foreach (var ext in item["stac_extensions"] as JsonArray ?? [])
        {
            var uri = ext!.GetValue<string>();
            if (!byUri.ContainsKey(uri)) errors.Add($"{uri}: extension schema not vendored");
            else schemas.Add(uri);
        }
        foreach (var uri in schemas)
        {
            var result = byUri[uri].Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (!result.IsValid)
                errors.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{uri}: {d.InstanceLocation}: {e.Key}: {e.Value}")).DefaultIfEmpty($"{uri}: invalid"));
        }
        return errors;
    }
}
