using System.Globalization;
using CloudMask.Masking.Inference;
using CloudMask.Stac;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CloudMask.Server;

/// <summary>A job that can never succeed as submitted (outside the roots, unreadable Item, bad input file): no retry.</summary>
public sealed class InputRejectedException(string message) : Exception(message);

/// <summary>A job that failed in a way a later attempt may not (a URL that did not answer): retried.</summary>
public sealed class MaskFailedException(string message) : Exception(message);

/// <summary>
/// The background job: masks one job's input with the shared pipeline. Takes only the job's id;
/// everything else is in its record. Reentrant: when STEM.mask.json (written last) exists, an
/// earlier attempt finished and nothing is redone; other outputs without it are what a killed
/// attempt left, and are replaced.
/// </summary>
public sealed class MaskJobRunner(JobStore store, ModelPool models, WorkerSettings worker, ILogger<MaskJobRunner> log)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 60, 300], ExceptOn = [typeof(InputRejectedException)], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("mask {0}")]
    [Queue(ServerApp.Queue)] // every enqueue, retries and requeues included, goes to the queue the workers listen to
    public void Run(string jobId, CancellationToken cancellation)
    {
        var record = store.Get(jobId) ?? throw new InputRejectedException($"job {jobId} has no record");
        var inv = CultureInfo.InvariantCulture;
        store.Set(jobId, ("started", DateTimeOffset.UtcNow.ToString("O", inv)), ("worker", worker.Name),
            ("attempts", (record.Attempts + 1).ToString(inv)), ("progress", "0"), ("message", ""));
        log.LogInformation("job {Id} started: {Input}", jobId, record.Input);
        try
        {
            var outcome = Mask(record, cancellation);
            store.Set(jobId, ("outcome", "succeeded"), ("finished", DateTimeOffset.UtcNow.ToString("O", inv)), ("progress", "1"), ("message", outcome.Message));
            store.SetFiles(jobId, outcome.Files.Select(Path.GetFileName)!);
            log.LogInformation("job {Id} {Status}: {Input} -> {Folder} ({Message})", jobId, outcome.Status == MaskJobStatus.Written ? "written" : "already written",
                record.Input, record.OutputFolder, outcome.Message);
        }
        catch (OperationCanceledException)
        {
            log.LogInformation("job {Id} cancelled", jobId);
            throw;
        }
        catch (Exception e) when (e is InputRejectedException or MaskFailedException)
        {
            store.Set(jobId, ("message", e.Message));
            if (e is InputRejectedException) store.Set(jobId, ("outcome", "failed"), ("finished", DateTimeOffset.UtcNow.ToString("O", inv)));
            log.LogWarning("job {Id} failed: {Message}", jobId, e.Message);
            throw;
        }
    }

    private MaskJobOutcome Mask(JobRecord record, CancellationToken cancellation)
    {
        var policy = new AccessPolicy(record.Allowed.Where(a => !a.Contains("://") ? Directory.Exists(a) : true));
        if (policy.CheckInput(record.Input) is { } refused) throw new InputRejectedException(refused);
        IMaskInput input;
        try { input = MaskInputs.Resolve(record.Input, cancellation); }
        catch (StacException e) when (!StacItemReader.IsHttp(record.Input)) { throw new InputRejectedException(e.Message); }
        catch (StacException e) { throw new MaskFailedException(e.Message); }
        if (input is StacItemInput item && SubmissionChecks.CheckItemAssets(policy, item.Item) is { } assetRefused)
            throw new InputRejectedException(assetRefused);

        Directory.CreateDirectory(record.OutputFolder);
        using var lease = models.Rent(record.Settings.ModelName);
        var settings = record.Settings;
        var probe = new MaskPipeline(lease.Model, lease.Info, settings, record.OutputFolder);
        var outputs = probe.OutputsFor(input);
        if (File.Exists(outputs[0]) && !settings.Overwrite)
            return new MaskJobOutcome(record.Input, MaskJobStatus.Skipped, "already written by an earlier attempt", outputs.Where(File.Exists).ToList(), null);
        // Outputs without the summary are what an attempt killed mid-write left: this job's own, so replace them.
        var pipeline = outputs.Skip(1).Any(File.Exists) ? new MaskPipeline(lease.Model, lease.Info, settings with { Overwrite = true }, record.OutputFolder) : probe;

        using var threads = worker.Threads is { } n ? Nn.Inference.ComputeThreads.Use(n) : null;
        var progress = new ThrottledProgress(f => store.Set(record.Id, ("progress", f.ToString("0.###", CultureInfo.InvariantCulture))));
        var outcome = pipeline.Run(input, progress, cancellation);
        return outcome.Status switch
        {
            MaskJobStatus.Written => outcome,
            MaskJobStatus.Skipped => throw new InputRejectedException(outcome.Message),
            _ when StacItemReader.IsHttp(record.Input) || input is StacItemInput => throw new MaskFailedException($"{record.Input}: {outcome.Message}"),
            _ => throw new InputRejectedException($"{record.Input}: {outcome.Message}"),
        };
    }

    /// <summary>Passes progress on at most once a second, and the end.</summary>
    private sealed class ThrottledProgress(Action<double> report) : IProgress<double>
    {
        private DateTime _last = DateTime.MinValue;

        public void Report(double value)
        {
            var now = DateTime.UtcNow;
            if (value < 1 && now - _last < TimeSpan.FromSeconds(1)) return;
            _last = now;
            report(value);
        }
    }
}

/// <summary>How this process runs jobs: its name in job records, threads per job, jobs at once.</summary>
public sealed record WorkerSettings(string Name, int? Threads, int JobsAtOnce);
