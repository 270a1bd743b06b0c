using CloudMask.TestSupport;

namespace CloudMask.Server.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary folder on a free loopback port (Debian's
/// postgresql package; initdb and pg_ctl). As root it runs as the postgres user, as PostgreSQL refuses root.
/// </summary>
internal sealed class PostgresCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _data;
    private readonly string? _runAs;

    private PostgresCluster(string bin, string data, int port, string? runAs)
    {
        _bin = bin;
        _data = data;
        Port = port;
        _runAs = runAs;
    }

    public int Port { get; }
    public string Url => $"postgres://cloudmask@127.0.0.1:{Port}/postgres";

    /// <summary>Starts a cluster, or skips the test when PostgreSQL is not installed.</summary>
    public static PostgresCluster Start(string folder)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")))
            : null;
        if (bin is null) throw new SkipException("PostgreSQL is not installed (Debian package postgresql; scripts/install-deps test installs it)");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var data = Path.Combine(folder, "pg");
        Directory.CreateDirectory(data);
        if (runAs is not null)
        {
            ExternalTool.Run("chown", [$"{runAs}:", data]);
            ExternalTool.Run("chmod", ["o+x", folder]);
        }
        var cluster = new PostgresCluster(bin, data, CloudMaskProcess.FreePort(), runAs);
        cluster.Run("initdb", "-D", data, "-U", "cloudmask", "-A", "trust", "--no-sync", "-E", "UTF8");
        cluster.Run("pg_ctl", "-D", data, "-l", Path.Combine(data, "log"), "-w", "-t", "60",
            "-o", $"-p {cluster.Port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
        return cluster;
    }

    private void Run(string tool, params string[] arguments)
    {
        var program = Path.Combine(_bin, tool);
        var result = _runAs is null ? ExternalTool.Run(program, arguments) : ExternalTool.Run("runuser", ["-u", _runAs, "--", program, .. arguments]);
        Assert.True(result.ExitCode == 0, $"{tool} failed: {result.StdErr}{result.StdOut}");
    }

    public void Dispose()
    {
        try { Run("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); }
        catch (Exception) { /* the folder goes with the test's temp folder */ }
    }
}
