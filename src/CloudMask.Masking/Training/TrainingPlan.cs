using System.Globalization;
using System.Text.Json;
using CloudMask.Masking.Classes;

namespace CloudMask.Masking.Training;

/// <summary>
/// The data of a training run, written down once: which sources train the network and with what
/// share of the batches, what their labels tell apart, and which labelled chips, kept apart from
/// training, pick the checkpoint. A JSON file (<see cref="Load"/>), so that a recipe such as the
/// shipped model's is one readable file rather than a page of command-line flags:
/// <code>
/// {
///   "description": "what this plan is for",
///   "train": [
///     { "name": "biome", "chips": "{data}/chips-dev", "exclude": ["biome_Urban_*"], "classes": "4", "weight": 0.2 },
///     { "name": "sim", "simulated": { "count": 800, "size": 192, "seed": 140000, "sensors": "s2,s2-l2a,l8,l7", "clear_share": 0.25 }, "weight": 0.3 }
///   ],
///   "validate": [
///     { "name": "biome-urban", "chips": "{data}/chips-dev", "include": ["biome_Urban_*"], "classes": "no-shadow", "weight": 1, "size": 256 }
///   ]
/// }
/// </code>
/// Paths may start with {data} (the shared data folder) or {work} (a folder for generated data,
/// e.g. simulated chip folders a script makes before training); relative paths are taken from the
/// plan file's folder. "classes" is 4, 3, 2 or no-shadow, as for evaluate --label-classes, or shadow-only
/// for labels that paint every cloud shadow and leave the rest undefined (5 then means "not shadow").
/// </summary>
public sealed record TrainingPlan(string Path, string? Description, IReadOnlyList<PlanSource> Train, IReadOnlyList<PlanSource> Validate)
{
    /// <summary>Reads and checks a plan; errors name the file and the entry.</summary>
    public static TrainingPlan Load(string path, string dataRoot, string workRoot)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such training plan");
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object with \"train\" and \"validate\" lists");
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            var context = new PlanContext(path, folder, dataRoot, workRoot);
            var train = Sources(root, "train", context, required: true);
            var validate = Sources(root, "validate", context, required: false);
            if (validate.FirstOrDefault(v => v.Simulated is not null) is { } sim)
                throw new InvalidDataException($"{path}: validate entry '{sim.Name}': validation takes labelled chip folders only (real chips pick the model)");
            return new TrainingPlan(path, root.TryGetProperty("description", out var d) ? d.GetString() : null, train, validate);
        }
    }

    private sealed record PlanContext(string File, string Folder, string DataRoot, string WorkRoot)
    {
        public string Resolve(string path)
        {
            var replaced = path.Replace("{data}", DataRoot, StringComparison.Ordinal).Replace("{work}", WorkRoot, StringComparison.Ordinal);
            return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(replaced) ? replaced : System.IO.Path.Combine(Folder, replaced));
        }
    }

    private static List<PlanSource> Sources(JsonElement root, string key, PlanContext context, bool required)
    {
        if (!root.TryGetProperty(key, out var list))
        {
            if (required) throw new InvalidDataException($"{context.File}: no \"{key}\" list");
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{context.File}: \"{key}\" must be a list");
        var sources = new List<PlanSource>();
        var ordinal = 0;
        foreach (var entry in list.EnumerateArray())
        {
            ordinal++;
            var name = entry.TryGetProperty("name", out var n) ? n.GetString() ?? $"{key}#{ordinal}" : $"{key}#{ordinal}";
            string Where() => $"{context.File}: {key} entry '{name}'";
            var hasChips = entry.TryGetProperty("chips", out var chips);
            var hasSim = entry.TryGetProperty("simulated", out var sim);
            if (hasChips == hasSim) throw new InvalidDataException($"{Where()}: give either \"chips\" (a folder) or \"simulated\" (simulator settings)");
            var weight = entry.TryGetProperty("weight", out var w) ? w.GetDouble() : 1.0;
            if (!(weight > 0) || !double.IsFinite(weight)) throw new InvalidDataException($"{Where()}: \"weight\" must be a positive number");
            LabelClassSet classes;
            try { classes = entry.TryGetProperty("classes", out var c) ? ParseClasses(c) : LabelClassSet.Four; }
            catch (ArgumentException) { throw new InvalidDataException($"{Where()}: \"classes\" must be 4, 3, 2, no-shadow or shadow-only"); }
            var size = entry.TryGetProperty("size", out var s) ? s.GetInt32() : PlanSource.DefaultValidationSize;
            if (size is < 32 or > 2048 || size % 32 != 0) throw new InvalidDataException($"{Where()}: \"size\" must be a multiple of 32 between 32 and 2048");
            sources.Add(new PlanSource
            {
                Name = name,
                Chips = hasChips ? context.Resolve(chips.GetString() ?? throw new InvalidDataException($"{Where()}: \"chips\" must be a folder path")) : null,
                Include = Strings(entry, "include", Where),
                Exclude = Strings(entry, "exclude", Where),
                Classes = classes,
                Weight = weight,
                ValidationSize = size,
                Simulated = hasSim ? SimulatedSpec.Parse(sim, Where) : null,
            });
        }
        if (required && sources.Count == 0) throw new InvalidDataException($"{context.File}: \"{key}\" is empty");
        return sources;
    }

    /// <summary>evaluate's label class sets, plus shadow-only (labels that paint every shadow and nothing else), which only training can use.</summary>
    private static LabelClassSet ParseClasses(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString(CultureInfo.InvariantCulture) : value.GetString() ?? "";
        return text.Trim().Equals("shadow-only", StringComparison.OrdinalIgnoreCase) ? LabelClassSet.ShadowOnly : LabelClassSets.Parse(text);
    }

    private static IReadOnlyList<string> Strings(JsonElement entry, string key, Func<string> where)
    {
        if (!entry.TryGetProperty(key, out var list)) return [];
        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new InvalidDataException($"{where()}: \"{key}\" must be a list of name patterns");
        return list.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}

/// <summary>One source of a <see cref="TrainingPlan"/>: a chip folder (filtered by name patterns) or the simulator.</summary>
public sealed record PlanSource
{
    public const int DefaultValidationSize = 256;

    public required string Name { get; init; }
    /// <summary>The chip folder (NAME.tif + NAME.label.tif), or null for a simulated source.</summary>
    public string? Chips { get; init; }
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>What the labels tell apart.</summary>
    public LabelClassSet Classes { get; init; } = LabelClassSet.Four;
    /// <summary>Share of training batches (train) or of the validation score (validate), relative to the other entries.</summary>
    public double Weight { get; init; } = 1;
    /// <summary>Validation: the side of the centre window scored (chips smaller than it are mirror-padded).</summary>
    public int ValidationSize { get; init; } = DefaultValidationSize;
    public SimulatedSpec? Simulated { get; init; }
}

/// <summary>Simulator settings of a plan source (see `cloudmask simulate chips`).</summary>
public sealed record SimulatedSpec(int Count, int Size, int Seed, IReadOnlyList<string> Sensors, double ClearShare)
{
    internal static SimulatedSpec Parse(JsonElement e, Func<string> where)
    {
        int Int(string key, int fallback) => e.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;
        var count = Int("count", 0);
        if (count < 1) throw new InvalidDataException($"{where()}: \"simulated\" needs a positive \"count\"");
        var size = Int("size", 192);
        if (size is < 32 or > 2048) throw new InvalidDataException($"{where()}: simulated \"size\" must be 32..2048");
        var sensors = (e.TryGetProperty("sensors", out var s) ? s.GetString() : null) ?? "s2,s2-l2a,l8,l7";
        var clear = e.TryGetProperty("clear_share", out var c) ? c.GetDouble() : 0;
        if (clear is < 0 or > 1) throw new InvalidDataException($"{where()}: simulated \"clear_share\" must be 0..1");
        return new SimulatedSpec(count, size, Int("seed", 100000), sensors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), clear);
    }
}
