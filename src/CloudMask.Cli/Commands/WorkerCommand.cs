using System.CommandLine;
using CloudMask.Server;
using Microsoft.Extensions.Hosting;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask worker`: a machine that only masks jobs from the shared PostgreSQL job database.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var engine = new JobEngineOptions();
        var command = new Command("worker",
            "Take mask jobs from the job database of a `cloudmask serve --db postgres://...` and run them (no HTTP). Inputs and outputs must be "
            + "paths this machine sees at the same place as the server (a shared folder) or URLs. A job whose worker dies is taken by another "
            + "worker after --lost-after seconds; outputs are written under hidden names and renamed, so nothing half-written looks finished.");
        engine.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var options = engine.Apply(parse, new ServerOptions());
            using var host = ServerApp.BuildWorker(options, JobEngineOptions.ConsoleLogging);
            await host.StartAsync(cancellation);
            Console.Error.WriteLine($"cloudmask worker {System.Net.Dns.GetHostName()}:{Environment.ProcessId}: {options.JobsAtOnce} job(s) at once, "
                + $"{(options.Threads is { } t ? $"{t} threads" : "all cores")} each. Ctrl-C stops (the running job is cancelled and taken again later).");
            try { await Task.Delay(Timeout.Infinite, cancellation); }
            catch (OperationCanceledException) { /* Ctrl-C: stop below */ }
            await host.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
