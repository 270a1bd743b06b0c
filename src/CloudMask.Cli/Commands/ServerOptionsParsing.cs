using Microsoft.Extensions.Logging;
using System.CommandLine;
using CloudMask.Server;

namespace CloudMask.Cli.Commands;

/// <summary>The options `serve` and `worker` share: the job database, threads per job, jobs at once, lost-job timeout.</summary>
internal sealed class JobEngineOptions
{
    public Option<string?> Database { get; } = new("--db") { Description = "Job database: postgres://user:password@host:port/database (every machine that joins uses the same URL). serve: default SQLite in the data folder (one machine)." };
    public Option<int?> Threads { get; } = ThreadsOption.Create();
    public Option<int?> Jobs { get; } = new("--jobs") { Description = "Jobs this process masks at once (each on --threads threads). Default: cores / --threads, at least 1." };
    public Option<int> LostAfter { get; } = new("--lost-after") { Description = "Seconds after which the job of a worker that died (stopped heart-beating) is given to another worker (PostgreSQL).", DefaultValueFactory = _ => 300 };

    public void AddTo(Command command)
    {
        command.Add(Database);
        command.Add(Threads);
        command.Add(Jobs);
        command.Add(LostAfter);
    }

    public ServerOptions Apply(ParseResult parse, ServerOptions options)
    {
        var threads = parse.GetValue(Threads);
        var jobs = parse.GetValue(Jobs);
        var lost = parse.GetValue(LostAfter);
        if (lost < 5) throw new ArgumentException($"--lost-after {lost}: give 5 seconds or more");
        return options with
        {
            Database = parse.GetValue(Database),
            Threads = threads,
            JobsAtOnce = jobs ?? Math.Max(1, Environment.ProcessorCount / (threads ?? Environment.ProcessorCount)),
            LostJobTimeout = TimeSpan.FromSeconds(lost),
        };
    }

    /// <summary>One line per log message on stderr, with the time: what a person watching a worker wants.</summary>
    public static void ConsoleLogging(Microsoft.Extensions.Logging.ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = false;
        });
        logging.AddFilter("Microsoft", Microsoft.Extensions.Logging.LogLevel.Warning);
        logging.AddFilter("Hangfire", Microsoft.Extensions.Logging.LogLevel.Warning);
        logging.AddFilter("CloudMask", Microsoft.Extensions.Logging.LogLevel.Information);
    }
}
