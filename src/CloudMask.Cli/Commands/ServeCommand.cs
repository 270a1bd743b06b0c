using System.CommandLine;
using CloudMask.Server;
using Microsoft.AspNetCore.Builder;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask serve`: the job server (HTTP API, Hangfire dashboard, STAC Collection) with workers in the same process.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var engine = new JobEngineOptions();
        var port = new Option<int>("--port") { Description = "TCP port of the HTTP API.", DefaultValueFactory = _ => 8077 };
        var data = new Option<string>("--data") { Description = "Folder for the SQLite job database (without --db) and, by default, the results.", DefaultValueFactory = _ => "cloudmask-data" };
        var results = new Option<string?>("--results") { Description = "Folder outputs are written under (default DATA/results). With workers on other machines, a shared folder at the same path everywhere." };
        var listen = new Option<string>("--listen") { Description = "Address to listen on: 127.0.0.1 (default, this machine only) or 0.0.0.0 / an interface's address (then a token is required).", DefaultValueFactory = _ => "127.0.0.1" };
        var token = new Option<string?>("--token") { Description = "Token clients must send as \"Authorization: Bearer TOKEN\" for everything but reading results; required off loopback. Prefer the CLOUDMASK_TOKEN variable (a command line is visible to other users)." };
        var allow = new Option<string[]>("--allow") { Description = "A folder or URL prefix (https://..., s3://bucket/...) inputs may come from; repeat for several. Nothing else is read.", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var command = new Command("serve",
            "Run the job server: an HTTP JSON API to submit inputs (paths, URLs, STAC Items) and follow their jobs, Hangfire's dashboard under "
            + "/jobs/dashboard, the results as a STAC Collection under /stac/collection.json, and workers in this process (--jobs 0: none). "
            + "Without --db the jobs live in SQLite in the data folder and survive a restart; with --db postgres://... `cloudmask worker` "
            + "processes on other machines take jobs too.")
        {
            port, data, results, listen, token, allow,
        };
        engine.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var options = engine.Apply(parse, new ServerOptions
            {
                Port = parse.GetValue(port), DataFolder = parse.GetValue(data)!, ResultsFolder = parse.GetValue(results), Listen = parse.GetValue(listen)!,
                Token = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("CLOUDMASK_TOKEN"), Allow = parse.GetValue(allow)!,
            });
            await using var app = ServerApp.Build(options, JobEngineOptions.ConsoleLogging);
            await app.StartAsync(cancellation);
            var policy = new AccessPolicy(options.Allow);
            Console.Error.WriteLine($"cloudmask serve: listening on {string.Join(", ", app.Urls)}; jobs in {(options.Database is null ? Path.GetFullPath(Path.Combine(options.DataFolder, "jobs.db")) : "PostgreSQL")}; "
                + $"results in {options.Results}; {options.JobsAtOnce} job(s) at once here; inputs from {(policy.Roots.Count + policy.UrlPrefixes.Count == 0 ? "nowhere yet (give --allow)" : string.Join(", ", policy.Roots.Concat(policy.UrlPrefixes)))}; "
                + $"token {(options.Token is null ? "off" : "required")}. Ctrl-C stops.");
            try { await Task.Delay(Timeout.Infinite, cancellation); }
            catch (OperationCanceledException) { /* Ctrl-C: stop below */ }
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
