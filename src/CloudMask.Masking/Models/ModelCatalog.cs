namespace CloudMask.Masking.Models;

/// <summary>The models `--model NAME` can name, and the default.</summary>
public static class ModelCatalog
{
    /// <summary>The default model: the sensor-independent network (shipped once trained).</summary>
    public const string DefaultName = "cloudmask-any";

    public sealed record Entry(string Name, string Description, Func<ISegmentationModel>? Create, string Version);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new(DefaultName, "sensor-independent network, any band set (not shipped yet: needs the engine and a trained model)", null, "-"),
        new("hollstein", "Hollstein et al. 2016 decision tree on Sentinel-2 L1C bands (rule-based baseline)", () => new HollsteinDecisionTree(), "2016"),
    ];

    /// <summary>Loads a model by name; a name that is unknown or not shipped says which ones are.</summary>
    public static (ISegmentationModel Model, Output.ModelInfo Info) Load(string? name)
    {
        name ??= DefaultName;
        var entry = Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        var available = string.Join(", ", Entries.Where(e => e.Create is not null).Select(e => e.Name));
        if (entry is null)
        {
            if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{name}: loading network weights is not supported yet; available models: {available}");
            throw new ArgumentException($"unknown model '{name}'; available: {available}");
        }
        if (entry.Create is null)
            throw new ArgumentException($"model '{entry.Name}' is not shipped yet (no trained network in this version); available: {available}");
        var model = entry.Create();
        return (model, new Output.ModelInfo(model.Id, entry.Version, entry.Description));
    }
}
