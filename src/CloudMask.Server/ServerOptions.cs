using System.Net;

namespace CloudMask.Server;

/// <summary>How `cloudmask serve` and `cloudmask worker` were started.</summary>
public sealed record ServerOptions
{
    /// <summary>postgres://user:password@host:port/database (or an Npgsql connection string); null: SQLite in <see cref="DataFolder"/>.</summary>
    public string? Database { get; init; }
    public string DataFolder { get; init; } = "cloudmask-data";
    /// <summary>Where outputs go (output names in requests are folders under it); default DATA/results.</summary>
    public string? ResultsFolder { get; init; }
    public string Listen { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8077;
    /// <summary>Required off loopback for everything but reading results.</summary>
    public string? Token { get; init; }
    /// <summary>Folders and URL prefixes inputs may come from.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];
    /// <summary>Jobs this process runs at once (0: none, API only).</summary>
    public int JobsAtOnce { get; init; } = 1;
    /// <summary>CPU threads per job; null: all cores.</summary>
    public int? Threads { get; init; }
    /// <summary>How long a job whose worker stopped answering stays invisible before another worker takes it (PostgreSQL).</summary>
    public TimeSpan LostJobTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public string Results => Path.GetFullPath(ResultsFolder ?? Path.Combine(DataFolder, "results"));

    public bool ListensOnLoopbackOnly => Listen is "localhost" || (IPAddress.TryParse(Listen, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The one-line reason these options cannot start a server, or null.</summary>
    public string? Problem()
    {
        if (Port is < 0 or > 65535) return $"--port {Port}: give 0 to 65535";
        if (Listen != "localhost" && !IPAddress.TryParse(Listen, out _)) return $"--listen {Listen}: give an IP address (0.0.0.0 for every interface) or localhost";
        if (!ListensOnLoopbackOnly && string.IsNullOrEmpty(Token))
            return $"--listen {Listen} is reachable from other machines: set a token (CLOUDMASK_TOKEN or --token) that clients must send";
        if (JobsAtOnce < 0) return $"--jobs {JobsAtOnce}: give 0 (API only) or more";
        if (Threads is < 1) return $"--threads {Threads}: give 1 or more";
        return null;
    }
}
