using System.CommandLine;
using System.Diagnostics;
using System.Net;
using CloudMask.Masking.Models;
using CloudMask.Viewer;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask view DIR`: the map viewer on a folder of results, served on this machine only.</summary>
internal static class ViewCommand
{
    public const int DefaultPort = 8765;

    public static Command Create()
    {
        var folder = new Argument<string>("DIR")
        {
            Description = "Folder of results: every STEM.mask.tif under it is listed (written by predict, the demo or the job server), "
                + "with STEM.rgb.tif (predict --preview), STEM.prob.tif and STEM.uncertainty.tif when present; "
                + "an evaluate report folder shows its chips (label, prediction, errors).",
        };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => DefaultPort };
        var basemap = new Option<string?>("--basemap")
        {
            Description = "Draw georeferenced results over the tiles of this XYZ URL, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                + "(mind the tile server's usage policy). None by default: the page then makes no request off this machine.",
        };
        var open = new Option<bool>("--open") { Description = "Open the page in the default browser." };
        var masks = new Option<string[]>("--masks")
        {
            Description = "Masks made by other software to compare with in the swipe view, as SCHEME:DIR (schemes: "
                + $"{string.Join(", ", Masking.Classes.ExternalMaskScheme.All.Select(s => s.Name))}); a file in DIR belongs to the result "
                + "whose stem its name starts with (STEM.tif, STEM_SCL.tif, ...). Repeatable.",
        };
        var labelOut = new Option<string?>("--label-out") { Description = "Where \"label this\" exports chips (default DIR/labelling)." };
        var model = new Option<string>("--model")
        {
            Description = $"Model that pre-labels exported chips: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors file.",
            DefaultValueFactory = _ => ModelCatalog.DefaultName,
        };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on. The default, 127.0.0.1, keeps the viewer on this machine; another address lets anyone "
                + "who can reach it read the folder's masks and export chips.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command("view",
            "Look at masks in the browser: a list of results (name, date, cloud cover, model) and a map with the true colour, the mask "
            + "in the class colours (toggle classes, opacity), the class, probabilities and uncertainty under the cursor, a swipe between "
            + "two masks of the same input, and \"label this\" (draw a box: it is exported as a chip, as `cloudmask select` does). "
            + "Serves only the files it lists from DIR, on this machine only, until Ctrl-C.")
        {
            folder, port, basemap, open, masks, labelOut, model, host,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
                throw new ArgumentException($"--host {parse.GetValue(host)}: expected an IP address such as 127.0.0.1");
            var options = new ViewerOptions(parse.GetValue(folder)!, parse.GetValue(basemap),
                (parse.GetValue(masks) ?? []).Select(ExternalMaskFolder.Parse).ToList(), parse.GetValue(labelOut), parse.GetValue(model));
            await using var viewer = await ViewerHost.StartAsync(options, parse.GetValue(port), address, cancellation);
            Console.Out.WriteLine($"viewing {options.Folder} at {viewer.Url} (Ctrl-C to stop)");
            if (!IPAddress.IsLoopback(address))
                Console.Error.WriteLine($"warning: listening on {address}: anyone who can reach this address can read the masks and export chips");
            if (parse.GetValue(open)) OpenBrowser(viewer.Url);
            try { await Task.Delay(Timeout.Infinite, cancellation); }
            catch (OperationCanceledException) { /* Ctrl-C: stop serving, nothing was being written */ }
            return 0;
        });
        return command;
    }

    private static void OpenBrowser(Uri url)
    {
        try
        {
            using var _ = Process.Start(new ProcessStartInfo("xdg-open", url.ToString()) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"could not open a browser (no xdg-open): open {url} yourself");
        }
    }
}
