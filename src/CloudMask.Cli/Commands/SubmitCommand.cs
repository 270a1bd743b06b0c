using System.CommandLine;
using CloudMask.Masking.Models;
using CloudMask.Server;
using CloudMask.Stac;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask submit INPUT... --server URL`: queues mask jobs on a running server and, with --wait, follows them.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT") { Description = "Absolute paths (on storage the workers see) or URLs of products, band stacks or STAC Items.", Arity = ArgumentArity.OneOrMore };
        var server = new Option<string>("--server") { Description = "The server's URL.", DefaultValueFactory = _ => "http://127.0.0.1:8077" };
        var output = new Option<string?>("--out") { Description = "Output folder name under the server's results folder (relative; default: the results folder itself)." };
        var model = new Option<string>("--model") { Description = $"Model name: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var preview = new Option<bool>("--preview") { Description = "Also write STEM.preview.png." };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also write STEM.prob.tif." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs." };
        var wait = new Option<bool>("--wait") { Description = "Wait until every job has ended, printing progress; exit code 1 if any failed." };
        var command = new Command("submit", "Queue mask jobs on a running `cloudmask serve` (one job per input) and print their ids. "
            + "The token, when the server needs one, comes from the CLOUDMASK_TOKEN variable.")
        {
            inputs, server, output, model, preview, probabilities, overwrite, wait,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var client = new MaskServerClient(parse.GetValue(server)!, Environment.GetEnvironmentVariable("CLOUDMASK_TOKEN"));
            var settings = new MaskSettings
            {
                Model = parse.GetValue(model), Preview = parse.GetValue(preview), Probabilities = parse.GetValue(probabilities), Overwrite = parse.GetValue(overwrite),
            };
            var jobs = await client.SubmitAsync(parse.GetValue(inputs)!, parse.GetValue(output), settings, cancellation);
            foreach (var job in jobs) Console.Out.WriteLine($"{job.Id} {job.State} {job.Input}");
            if (!parse.GetValue(wait)) return 0;
            var pending = jobs.Select(j => j.Id).ToHashSet();
            var failed = 0;
            while (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                foreach (var id in pending.ToList())
                {
                    var status = await client.StatusAsync(id, cancellation);
                    if (status.State is "succeeded" or "failed" or "cancelled")
                    {
                        pending.Remove(id);
                        if (status.State != "succeeded") failed++;
                        Console.Out.WriteLine($"{status.State,-9} {status.Input}: {status.Message}");
                    }
                }
                Console.Error.Write($"\r{jobs.Count - pending.Count}/{jobs.Count} ended ");
            }
            Console.Error.WriteLine();
            return failed == 0 ? 0 : ErrorReport.InputOrOutputError;
        });
        return command;
    }
}
