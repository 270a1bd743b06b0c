using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;

namespace CloudMask.Server;

/// <summary>
/// Job records in Hangfire's own storage (a hash per job and one set of ids), so SQLite and
/// PostgreSQL hold them without a schema of ours, and every worker sees what the server wrote.
/// These keys never expire, unlike Hangfire's finished jobs.
/// </summary>
public sealed class JobStore(JobStorage storage)
{
    private const string IndexKey = "cloudmask:jobs";

    private static string Key(string id) => "cloudmask:job:" + id;

    /// <summary>One small hash per output target (folder/stem), so checking a target costs the same however many jobs there are.</summary>
    private static string TargetKey(string target) =>
        "cloudmask:target:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target)))[..32];

    /// <summary>A new id: time-ordered (hex milliseconds) with random bits, safe in URLs and file names.</summary>
    public static string NewId() =>
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("x11", CultureInfo.InvariantCulture)
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public void Create(JobRecord record, string target)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Key(record.Id), record.ToFields());
        transaction.AddToSet(IndexKey, record.Id, record.Submitted.ToUnixTimeMilliseconds());
        transaction.SetRangeInHash(TargetKey(target), [new("id", record.Id)]);
        transaction.Commit();
    }

    public JobRecord? Get(string id)
    {
        using var connection = storage.GetConnection();
        return JobRecord.FromFields(connection.GetAllEntriesFromHash(Key(id)));
    }

    /// <summary>The job that last targeted an output (folder/stem), if any.</summary>
    public string? TargetOwner(string target)
    {
        using var connection = storage.GetConnection();
        return connection.GetAllEntriesFromHash(TargetKey(target)) is { } entry && entry.TryGetValue("id", out var id) ? id : null;
    }

    public void Set(string id, params (string Field, string Value)[] fields)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Key(id), fields.Select(f => new KeyValuePair<string, string>(f.Field, f.Value)));
        transaction.Commit();
    }

    public void SetFiles(string id, IEnumerable<string> files) => Set(id, ("files", JsonSerializer.Serialize(files)));

    /// <summary>All ids, newest first (ids sort by time).</summary>
    public IReadOnlyList<string> Ids()
    {
        using var connection = storage.GetConnection();
        return connection.GetAllItemsFromSet(IndexKey).OrderDescending(StringComparer.Ordinal).ToList();
    }

    /// <summary>The job's Hangfire state name (Enqueued, Processing, Succeeded, Failed, Deleted, Scheduled), or null when Hangfire no longer has it.</summary>
    public string? HangfireState(string? hangfireId)
    {
        if (hangfireId is null) return null;
        using var connection = storage.GetConnection();
        return connection.GetJobData(hangfireId)?.State;
    }
}
