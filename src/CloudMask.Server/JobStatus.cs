namespace CloudMask.Server;

/// <summary>A job as the API shows it.</summary>
public sealed record JobStatus(string Id, string Input, string State, double Progress, string? Message, string OutputFolder,
    DateTimeOffset Submitted, DateTimeOffset? Started, DateTimeOffset? Finished, string? Worker, int Attempts, IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>queued, running, retrying, succeeded, failed, cancelled; "lost" when Hangfire forgot an unfinished job.</summary>
    public static string StateOf(JobRecord record, string? hangfireState) => hangfireState switch
    {
        "Deleted" => "cancelled",
        "Succeeded" => "succeeded",
        "Failed" => "failed",
        "Processing" => "running",
        "Scheduled" or "Awaiting" => "retrying",
        "Enqueued" => record.Outcome is null ? "queued" : "queued",
        null => record.Outcome ?? (record.HangfireId is null ? "queued" : "lost"),
        _ => record.Outcome ?? hangfireState.ToLowerInvariant(),
    };

    public static JobStatus From(JobRecord r, string? hangfireState, string baseUrl)
    {
        var state = StateOf(r, hangfireState);
        var links = new Dictionary<string, string> { ["self"] = $"{baseUrl}/api/jobs/{r.Id}" };
        if (state == "succeeded") links["stac_item"] = $"{baseUrl}/stac/items/{r.Id}";
        foreach (var f in r.Files) links[f] = $"{baseUrl}/api/jobs/{r.Id}/files/{Uri.EscapeDataString(f)}";
        return new JobStatus(r.Id, r.Input, state, state == "succeeded" ? 1 : r.Progress, r.Message, r.OutputFolder, r.Submitted, r.Started,
            r.Finished, r.Worker, r.Attempts, r.Files, links);
    }
}
