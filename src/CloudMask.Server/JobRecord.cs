using System.Globalization;
using System.Text.Json;
using CloudMask.Stac;

namespace CloudMask.Server;

/// <summary>What a job is, as stored beside Hangfire's own data: set at submission, extended by the worker.</summary>
public sealed record JobRecord
{
    public required string Id { get; init; }
    public required string Input { get; init; }
    /// <summary>The folder the outputs go to (full path on storage every worker sees).</summary>
    public required string OutputFolder { get; init; }
    public required MaskSettings Settings { get; init; }
    /// <summary>The inputs the submitting server allowed; the worker checks the Item's band files against them too.</summary>
    public required IReadOnlyList<string> Allowed { get; init; }
    public required DateTimeOffset Submitted { get; init; }
    public string? HangfireId { get; init; }
    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Finished { get; init; }
    /// <summary>Set by the worker when the job ends for good: succeeded or failed (cancelled is Hangfire's Deleted).</summary>
    public string? Outcome { get; init; }
    public string? Message { get; init; }
    public double Progress { get; init; }
    public string? Worker { get; init; }
    public int Attempts { get; init; }
    /// <summary>The files written (names in <see cref="OutputFolder"/>).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal Dictionary<string, string> ToFields()
    {
        var inv = CultureInfo.InvariantCulture;
        var fields = new Dictionary<string, string>
        {
            ["id"] = Id, ["input"] = Input, ["output_folder"] = OutputFolder,
            ["settings"] = JsonSerializer.Serialize(Settings, Json), ["allowed"] = JsonSerializer.Serialize(Allowed, Json),
            ["submitted"] = Submitted.ToString("O", inv),
        };
        if (HangfireId is not null) fields["hangfire_id"] = HangfireId;
        return fields;
    }

    internal static JobRecord? FromFields(Dictionary<string, string>? f)
    {
        if (f is null || !f.TryGetValue("id", out var id)) return null;
        var inv = CultureInfo.InvariantCulture;
        DateTimeOffset? Time(string key) => f.TryGetValue(key, out var s) && s.Length > 0 ? DateTimeOffset.Parse(s, inv) : null;
        return new JobRecord
        {
            Id = id, Input = f["input"], OutputFolder = f["output_folder"],
            Settings = JsonSerializer.Deserialize<MaskSettings>(f["settings"], Json)!,
            Allowed = JsonSerializer.Deserialize<List<string>>(f["allowed"], Json)!,
            Submitted = Time("submitted")!.Value, HangfireId = f.GetValueOrDefault("hangfire_id"),
            Started = Time("started"), Finished = Time("finished"),
            Outcome = f.GetValueOrDefault("outcome") is { Length: > 0 } o ? o : null,
            Message = f.GetValueOrDefault("message") is { Length: > 0 } m ? m : null,
            Progress = f.TryGetValue("progress", out var p) ? double.Parse(p, inv) : 0,
            Worker = f.GetValueOrDefault("worker"),
            Attempts = f.TryGetValue("attempts", out var a) ? int.Parse(a, inv) : 0,
            Files = f.TryGetValue("files", out var files) && files.Length > 0 ? JsonSerializer.Deserialize<List<string>>(files, Json)! : [],
        };
    }
}
