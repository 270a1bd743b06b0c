using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Npgsql;

namespace CloudMask.Server;

/// <summary>Chooses and configures Hangfire's storage once: SQLite in the data folder, or PostgreSQL from a URL.</summary>
public static class JobStorageSetup
{
    /// <summary>How long a job fetched from SQLite stays invisible: SQLite has no heartbeat, so longer than any mask job; a restart requeues at once instead.</summary>
    public static readonly TimeSpan SqliteInvisibility = TimeSpan.FromHours(12);

    public static bool UsesPostgres(ServerOptions options) => options.Database is not null;

    public static IGlobalConfiguration UseCloudMaskStorage(this IGlobalConfiguration config, ServerOptions options)
    {
        if (options.Database is { } database)
            return config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(ConnectionString(database)), new PostgreSqlStorageOptions
            {
                SchemaName = "cloudmask",
                PrepareSchemaIfNecessary = true,
                InvisibilityTimeout = options.LostJobTimeout,
                UseSlidingInvisibilityTimeout = true,
                QueuePollInterval = TimeSpan.FromMilliseconds(500),
            });
        Directory.CreateDirectory(options.DataFolder);
        return config.UseSQLiteStorage(Path.GetFullPath(Path.Combine(options.DataFolder, "jobs.db")), new SQLiteStorageOptions
        {
            InvisibilityTimeout = SqliteInvisibility,
            QueuePollInterval = TimeSpan.FromMilliseconds(500),
            // Write-ahead log: a commit is an append, not a rewrite of the journal; many small job writes get cheaper.
            JournalMode = SQLiteStorageOptions.JournalModes.WAL,
        });
    }

    /// <summary>
    /// Connects once to the PostgreSQL database, so that a wrong URL or a database that is down is one
    /// clear line at start rather than retries in the background (the password is not repeated).
    /// </summary>
    public static void CheckReachable(ServerOptions options)
    {
        if (options.Database is not { } database) return;
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Timeout = 10 };
        try
        {
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new IOException($"--db postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}: cannot connect ({e.Message})");
        }
    }

    /// <summary>An Npgsql connection string from postgres://user:password@host:port/database?k=v, or one given as is.</summary>
    public static string ConnectionString(string database)
    {
        if (!database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try { return new NpgsqlConnectionStringBuilder(database).ConnectionString; }
            catch (ArgumentException) { throw new ArgumentException("--db: give postgres://user:password@host:port/database"); }
        }
        if (!Uri.TryCreate(database, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new ArgumentException("--db: give postgres://user:password@host:port/database");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder.ConnectionString;
    }
}
