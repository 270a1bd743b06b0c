namespace CloudMask.Masking.Models;

/// <summary>The models `--model NAME` can name, and the default. A name ending in .safetensors
/// is a weights file of one of the project's networks (its metadata says which).</summary>
public static class ModelCatalog
{
    /// <summary>The default model: the sensor-independent network.</summary>
    public const string DefaultName = "cloudmask-any";

    /// <summary>Where the shipped weights of the default model are looked for: models/ beside the program.</summary>
    public static string ShippedWeightsPath { get; } = Path.Combine(AppContext.BaseDirectory, "models", "cloudmask-any.safetensors");

    public sealed record Entry(string Name, string Description, Func<ISegmentationModel>? Create, string Version);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        File.Exists(ShippedWeightsPath)
            ? new(DefaultName, "sensor-independent network: any 3+ reflective bands described by wavelength (Sentinel-2 L1C/L2A, Landsat, RGB)",
                () => NetworkFile.Load(ShippedWeightsPath), "1")
            : new(DefaultName, $"sensor-independent network, any band set (weights not found at {ShippedWeightsPath})", null, "-"),
        new("hollstein", "Hollstein et al. 2016 decision tree on Sentinel-2 L1C bands (rule-based baseline)", () => new HollsteinDecisionTree(), "2016"),
    ];

    /// <summary>The weights file behind a model name or path: the shipped file for the default
    /// model, the file itself for a .safetensors path, null for a model without weights (hollstein).</summary>
    public static string? WeightsPath(string? name)
    {
        name ??= DefaultName;
        if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return name;
        return string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase) ? ShippedWeightsPath : null;
    }

    /// <summary>Loads a model by name or weights path; a name that is unknown or not shipped says which ones are.</summary>
    public static (ISegmentationModel Model, Output.ModelInfo Info) Load(string? name)
    {
        name ??= DefaultName;
        var available = string.Join(", ", Entries.Where(e => e.Create is not null).Select(e => e.Name));
        if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var network = NetworkFile.Load(name);
            return (network, new Output.ModelInfo(network.Id, "file", $"network weights {Path.GetFileName(name)}"));
        }
        var entry = Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
            throw new ArgumentException($"unknown model '{name}'; available: {available}, or a .safetensors weights file");
        if (entry.Create is null)
            throw new ArgumentException($"model '{entry.Name}' is not shipped yet (no trained weights in this build); available: {available}, or a .safetensors weights file");
        var model = entry.Create();
        return (model, new Output.ModelInfo(model.Id, entry.Version, entry.Description));
    }
}
