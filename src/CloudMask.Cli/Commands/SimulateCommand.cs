using System.CommandLine;
using System.Diagnostics;
using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Gallery;
using CloudMask.Simulation.Products;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using Spectre.Console;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask simulate chips|product|sample|gallery`: labelled synthetic scenes from the
/// simulator (CloudMask.Simulation). Only parses arguments, calls the library and shows progress.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var simulate = new Command("simulate", "Simulate labelled Sentinel-2 / Landsat chips and whole Sentinel-2 products with exact truth.");
        simulate.Add(Chips());
        simulate.Add(Product());
        simulate.Add(Sample());
        simulate.Add(Gallery());
        return simulate;
    }

    private static Option<string> OutOption(string description) => new("--out", "-o") { Description = description, Required = true };

    private static Option<string?> KindOption() => new("--kind")
    {
        Description = $"Landscape: {string.Join(", ", Enum.GetNames<SceneKind>().Select(n => n.ToLowerInvariant()))} (default: drawn from the seed).",
    };

    private static Option<string?> RegimeOption() => new("--clouds")
    {
        Description = $"Cloud regime: {string.Join(", ", SceneSpecFactory.Regimes)} (default: drawn from the seed).",
    };

    private static SceneKind? ParseKind(string? text) =>
        text is null ? null
        : Enum.TryParse<SceneKind>(text, ignoreCase: true, out var kind) ? kind
        : throw new ArgumentException($"unknown --kind '{text}'; valid: {string.Join(", ", Enum.GetNames<SceneKind>().Select(n => n.ToLowerInvariant()))}");

    private static Command Chips()
    {
        var command = new Command("chips", "Write chips in the chip format (NAME.tif float32 reflectance + NAME.label.tif).");
        var output = OutOption("Folder for the chips.");
        var count = new Option<int>("--count") { Description = "Number of chips.", DefaultValueFactory = _ => 100 };
        var size = new Option<int>("--size") { Description = "Chip width and height in pixels.", DefaultValueFactory = _ => 512 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first chip; chip i uses seed + i.", DefaultValueFactory = _ => 1 };
        var sensor = new Option<string>("--sensor") { Description = "s2 (L1C TOA, 13 bands), s2-l2a (BOA, 12 bands), l8 (OLI), l7 (ETM+).", DefaultValueFactory = _ => "s2" };
        var kind = KindOption();
        var regime = RegimeOption();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing chips." };
        var opticalDepth = OpticalDepthOption();
        foreach (var option in new Option[] { output, count, size, seed, sensor, kind, regime, opticalDepth, overwrite }) command.Add(option);

        command.SetAction(parse =>
        {
            var directory = parse.GetValue(output)!;
            var simulated = SimulatedSensor.Parse(parse.GetValue(sensor)!);
            var level = simulated == SimulatedSensor.Sentinel2MsiL2A ? RadiometricLevel.BottomOfAtmosphere : RadiometricLevel.TopOfAtmosphere;
            var sceneKind = ParseKind(parse.GetValue(kind));
            int total = parse.GetValue(count), side = parse.GetValue(size), first = parse.GetValue(seed);
            bool replace = parse.GetValue(overwrite);
            Directory.CreateDirectory(directory);
            var clock = Stopwatch.StartNew();
            Progress.StderrConsole().Progress().Start(context =>
            {
                var task = context.AddTask($"simulating {total} chips", maxValue: total);
                ChipGenerator.GenerateMany(first, total,
                    s => new ChipRequest(s, side, simulated, level, sceneKind, parse.GetValue(regime)),
                    chip =>
                    {
                        ChipWriter.Write(chip, directory, $"sim_{chip.Spec.Seed:000000}", replace, parse.GetValue(opticalDepth));
                        task.Increment(1);
                    });
            });
            Console.WriteLine($"{total} chips of {side}x{side} px in {directory} ({clock.Elapsed.TotalSeconds:F1} s, {total / clock.Elapsed.TotalMinutes:F0} chips/min)");
            return 0;
        });
        return command;
    }

    private static Command Product()
    {
        var command = new Command("product", "Write a whole Sentinel-2 product as a SAFE folder (or zip) with JP2 bands and ESA metadata, plus NAME.label.tif.");
        var output = OutOption("Folder that receives the product.");
        var level = new Option<string>("--level") { Description = "l1c or l2a.", DefaultValueFactory = _ => "l1c" };
        var size = new Option<int>("--size") { Description = "Pixels per side at 10 m, a multiple of 6: 1098 (tenth of a tile) to 10980 (full tile).", DefaultValueFactory = _ => 1098 };
        var baseline = new Option<string>("--baseline") { Description = "Processing baseline; 04.00 and later carry the -1000 offset.", DefaultValueFactory = _ => "05.09" };
        var seed = new Option<int>("--seed") { Description = "Scene seed.", DefaultValueFactory = _ => 1 };
        var kind = KindOption();
        var regime = RegimeOption();
        var zip = new Option<bool>("--zip") { Description = "Pack the product into NAME.zip." };
        var opticalDepth = OpticalDepthOption();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing product of the same name." };
        foreach (var option in new Option[] { output, level, size, baseline, seed, kind, regime, zip, opticalDepth, overwrite }) command.Add(option);

        command.SetAction(parse =>
        {
            var productLevel = ProductLevels.TryParse(parse.GetValue(level), out var l) ? l : throw new ArgumentException($"unknown --level '{parse.GetValue(level)}'; valid: l1c, l2a");
            var request = new ProductRequest(parse.GetValue(seed), productLevel, parse.GetValue(size), ProcessingBaseline.Parse(parse.GetValue(baseline)!),
                ParseKind(parse.GetValue(kind)), parse.GetValue(regime), Zip: parse.GetValue(zip), OpticalDepth: parse.GetValue(opticalDepth));
            var product = WriteWithProgress(description => SafeProductWriter.Write(request, parse.GetValue(output)!, parse.GetValue(overwrite), description));
            Report(product);
            return 0;
        });
        return command;
    }

    private static Option<bool> OpticalDepthOption() => new("--optical-depth")
    {
        Description = "Also write NAME.optical-depth.tif: each pixel's cloud optical thickness, which the labels are cut from (thin cloud from 0.3, cloud from 8); evaluate then shows what was predicted at each thickness.",
    };

    private static Command Sample()
    {
        var command = new Command("sample", "Write the built-in sample: a small simulated L1C product (1098 px, a few seconds).");
        var output = OutOption("Folder that receives the sample.");
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing sample." };
        var opticalDepth = OpticalDepthOption();
        command.Add(output);
        command.Add(overwrite);
        command.Add(opticalDepth);
        command.SetAction(parse =>
        {
            Report(WriteWithProgress(progress => SampleProduct.Create(parse.GetValue(output)!, parse.GetValue(overwrite), progress, parse.GetValue(opticalDepth))));
            return 0;
        });
        return command;
    }

    private static Command Gallery()
    {
        var command = new Command("gallery", "Render the documentation gallery: true-colour and label PNGs of thirteen scenes.");
        var output = OutOption("Folder for the PNGs (the docs use docs/simulator).");
        command.Add(output);
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(output)!;
            Progress.StderrConsole().Progress().Start(context =>
            {
                var task = context.AddTask("rendering gallery", maxValue: GalleryBuilder.Scenes.Count);
                GalleryBuilder.Write(directory, overwrite: true, _ => task.Increment(1));
            });
            foreach (var scene in GalleryBuilder.Scenes) Console.WriteLine($"{scene.Name}.png  {scene.Caption}");
            return 0;
        });
        return command;
    }

    private static SimulatedProduct WriteWithProgress(Func<Action<string, double>, SimulatedProduct> write)
    {
        SimulatedProduct? product = null;
        Progress.StderrConsole().Progress().Start(context =>
        {
            var task = context.AddTask("simulating product", maxValue: 1.0);
            product = write((stage, fraction) =>
            {
                task.Description = stage;
                task.Value = Math.Min(1.0, fraction);
            });
            task.Value = 1.0;
        });
        return product!;
    }

    private static void Report(SimulatedProduct product)
    {
        Console.WriteLine(product.ProductPath);
        Console.WriteLine($"  metadata: {product.MetadataPath}");
        Console.WriteLine($"  labels:   {product.LabelPath}");
        if (product.OpticalDepthPath is not null) Console.WriteLine($"  optical depth: {product.OpticalDepthPath}");
        Console.WriteLine($"  scene:    {product.Spec.Kind}, cloud {product.Statistics.CloudyPercent:F1} %, shadow {product.Statistics.PercentOfValid(LabelCodes.Shadow):F1} %, no data {product.Statistics.PercentOfAll(LabelCodes.Missing):F1} %");
    }
}
