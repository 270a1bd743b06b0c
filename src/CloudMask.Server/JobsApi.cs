using CloudMask.Masking.Models;
using CloudMask.Stac;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudMask.Server;

/// <summary>A submission: inputs (paths or URLs), an output folder name under the results folder, and masking options.</summary>
public sealed record SubmitRequest(IReadOnlyList<string>? Inputs, string? Output, MaskSettings? Options);

public sealed record SubmitResponse(IReadOnlyList<JobStatus> Jobs);

public sealed record JobList(int Total, int Offset, IReadOnlyList<JobStatus> Jobs);

/// <summary>The JSON API under /api: submit, list, status, cancel, retry, result files.</summary>
public static class JobsApi
{
    public const int MaxInputsPerRequest = 10000;
    public const int MaxPage = 1000;

    public static RouteGroupBuilder MapCloudMaskJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        api.MapPost("/jobs", Submit);
        api.MapGet("/jobs", List);
        api.MapGet("/jobs/{id}", Get);
        api.MapPost("/jobs/{id}/cancel", Cancel);
        api.MapPost("/jobs/{id}/retry", Retry);
        api.MapGet("/jobs/{id}/files/{name}", File);
        return api;
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static Results<Accepted<SubmitResponse>, ProblemHttpResult> Submit(SubmitRequest request, HttpContext http, JobStore store,
        AccessPolicy policy, ServerOptions options, IBackgroundJobClient jobs)
    {
        if (request.Inputs is not { Count: > 0 } inputs) return Problem(400, "no inputs", "give \"inputs\": a list of paths or URLs");
        if (inputs.Count > MaxInputsPerRequest) return Problem(400, "too many inputs", $"at most {MaxInputsPerRequest} inputs per request");
        var settings = request.Options ?? new MaskSettings();
        try { settings.Validated(); }
        catch (ArgumentException e) { return Problem(400, "bad options", e.Message); }
        if (ModelCatalog.Entries.All(e => e.Name != settings.ModelName))
            return Problem(400, "unknown model", $"model \"{settings.ModelName}\": give one of {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}");
        var (folder, folderError) = AccessPolicy.OutputFolder(options.Results, request.Output);
        if (folder is null) return Problem(400, "bad output name", folderError!);

        var accepted = new List<(string Input, string Target)>();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var (resolved, error) = SubmissionChecks.Resolve(policy, input, http.RequestAborted);
            if (resolved is null) return Problem(error!.Contains("outside the allowed") || error.Contains("not accepted") ? 403 : 400, "input refused", error);
            var target = Path.Combine(folder, resolved.Stem);
            if (!targets.Add(target)) return Problem(409, "same output twice", $"{input}: another input of this request also writes {resolved.Stem}.* in {request.Output ?? "the results folder"}");
            if (!settings.Overwrite)
            {
                var summary = target + ".mask.json";
                if (System.IO.File.Exists(summary)) return Problem(409, "output exists", $"{input}: {Path.GetFileName(summary)} exists in {request.Output ?? "the results folder"} (set \"overwrite\": true to replace it)");
                if (store.TargetOwner(target) is { } owner && store.Get(owner) is { } other
                    && JobStatus.StateOf(other, store.HangfireState(other.HangfireId)) is "queued" or "running" or "retrying")
                    return Problem(409, "output in use", $"{input}: job {owner} is already writing {resolved.Stem}.*");
            }
            accepted.Add((input, target));
        }

        Directory.CreateDirectory(folder);
        var allowed = policy.Roots.Concat(policy.UrlPrefixes).ToList();
        var created = new List<JobStatus>();
        foreach (var (input, target) in accepted)
        {
            var record = new JobRecord
            {
                Id = JobStore.NewId(), Input = input, OutputFolder = folder, Settings = settings, Allowed = allowed, Submitted = DateTimeOffset.UtcNow,
            };
            store.Create(record, target);
            var hangfireId = jobs.Create<MaskJobRunner>(r => r.Run(record.Id, CancellationToken.None), new EnqueuedState(ServerApp.Queue));
            store.Set(record.Id, ("hangfire_id", hangfireId));
            created.Add(JobStatus.From(record with { HangfireId = hangfireId }, "Enqueued", BaseUrl(http.Request)));
        }
        return TypedResults.Accepted($"{BaseUrl(http.Request)}/api/jobs", new SubmitResponse(created));
    }

    private static Results<Ok<JobList>, ProblemHttpResult> List(HttpContext http, JobStore store, int? offset, int? limit, string? state)
    {
        var from = Math.Max(0, offset ?? 0);
        var count = Math.Clamp(limit ?? 100, 1, MaxPage);
        var ids = store.Ids();
        IEnumerable<JobStatus> statuses = ids.Select(id => store.Get(id)).OfType<JobRecord>()
            .Select(r => JobStatus.From(r, store.HangfireState(r.HangfireId), BaseUrl(http.Request)));
        if (state is not null) statuses = statuses.Where(s => s.State == state);
        var all = state is null ? null : statuses.ToList();
        var page = (all ?? statuses).Skip(from).Take(count).ToList();
        return TypedResults.Ok(new JobList(all?.Count ?? ids.Count, from, page));
    }

    private static Results<Ok<JobStatus>, ProblemHttpResult> Get(string id, HttpContext http, JobStore store) =>
        store.Get(id) is { } r ? TypedResults.Ok(JobStatus.From(r, store.HangfireState(r.HangfireId), BaseUrl(http.Request))) : NotFound(id);

    private static Results<Ok<JobStatus>, ProblemHttpResult> Cancel(string id, HttpContext http, JobStore store, IBackgroundJobClient jobs)
    {
        if (store.Get(id) is not { } r) return NotFound(id);
        var state = JobStatus.StateOf(r, store.HangfireState(r.HangfireId));
        if (state is "succeeded" or "failed" or "cancelled") return Problem(409, "job has ended", $"job {id} is {state}; only queued, running or retrying jobs can be cancelled");
        if (r.HangfireId is null || !jobs.Delete(r.HangfireId)) return Problem(409, "job could not be cancelled", $"job {id} changed state meanwhile; ask again");
        store.Set(id, ("outcome", "cancelled"), ("finished", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        return TypedResults.Ok(JobStatus.From(r, "Deleted", BaseUrl(http.Request)));
    }

    private static Results<Ok<JobStatus>, ProblemHttpResult> Retry(string id, HttpContext http, JobStore store, IBackgroundJobClient jobs)
    {
        if (store.Get(id) is not { } r) return NotFound(id);
        var state = JobStatus.StateOf(r, store.HangfireState(r.HangfireId));
        if (state is not ("failed" or "cancelled" or "lost")) return Problem(409, "job has not failed", $"job {id} is {state}; only failed, cancelled or lost jobs can be retried");
        store.Set(id, ("outcome", ""), ("message", ""), ("finished", ""), ("progress", "0"));
        if (state == "lost" || r.HangfireId is null || !jobs.ChangeState(r.HangfireId, new EnqueuedState(ServerApp.Queue)))
        {
            var hangfireId = jobs.Create<MaskJobRunner>(x => x.Run(id, CancellationToken.None), new EnqueuedState(ServerApp.Queue));
            store.Set(id, ("hangfire_id", hangfireId));
        }
        return TypedResults.Ok(JobStatus.From(store.Get(id)!, "Enqueued", BaseUrl(http.Request)));
    }

    /// <summary>One of the job's own output files; names not in its list are refused, so no request reaches another file.</summary>
    private static IResult File(string id, string name, JobStore store)
    {
        if (store.Get(id) is not { } r) return NotFound(id);
        if (!r.Files.Contains(name, StringComparer.Ordinal))
            return Problem(404, "no such output", $"job {id} wrote no file named \"{name}\"");
        var path = Path.Combine(r.OutputFolder, name);
        var type = name.EndsWith(".png", StringComparison.Ordinal) ? "image/png"
            : name.EndsWith(".json", StringComparison.Ordinal) ? "application/json"
            : name.EndsWith(".tif", StringComparison.Ordinal) ? "image/tiff" : "application/octet-stream";
        return System.IO.File.Exists(path) ? TypedResults.PhysicalFile(path, type, enableRangeProcessing: true)
            : Problem(410, "output gone", $"job {id}: {name} is no longer in {r.OutputFolder}");
    }

    internal static ProblemHttpResult NotFound(string id) => Problem(404, "no such job", $"no job {id}");

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
