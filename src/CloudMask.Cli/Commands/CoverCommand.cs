using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudMask.Masking.Cover;
using CloudMask.Masking.Data;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Inputs;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Sensors;
using Spectre.Console;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask cover INPUT...`: scene cloud cover from the pixel mask and from the deep-kernel-learning
/// estimator with its 90 % interval; `cloudmask cover train`: the three experiments (CNN, exact GP,
/// SVDKL) on simulated patches, compared with the mask-derived cover, and the shipped model.
/// </summary>
internal static class CoverCommand
{
    public const string IntervalHelp = "The 90 % interval is the central interval of the estimator's Gaussian predictive distribution "
        + "(deep-kernel-learning GP mean ± 1.645 sd, the sd including the learned observation noise), clipped to 0-100 %: on held-out "
        + "simulated patches like those it was trained on, about 9 in 10 true covers fall inside it. It says how sure the estimator is, "
        + "not how good the pixel mask is. It does not widen enough for scenes unlike the training data: on held-out real Landsat chips "
        + "only about 6 in 10 true covers fell inside it (see docs/cover.md).";

    /// <summary>The shipped cover model, beside the program.</summary>
    public static string ShippedCoverModelPath => Stac.MaskPipeline.ShippedCoverModelPath;

    /// <summary>The mask model used when --model is not given: the catalogue's default when its weights are there, else Hollstein.</summary>
    public static string DefaultMaskModel() =>
        ModelCatalog.Entries.Any(e => e.Name == ModelCatalog.DefaultName && e.Create is not null) ? ModelCatalog.DefaultName : "hollstein";

    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Sentinel-2 products (.SAFE, .zip, MTD xml) or GeoTIFF band stacks, as for predict.",
            Arity = ArgumentArity.OneOrMore,
        };
        var model = new Option<string?>("--model") { Description = "Mask model for the pixel-mask cover: a catalogue name or a .safetensors file (default: cloudmask-any, the shipped network)." };
        var coverModel = new Option<string?>("--cover-model") { Description = "Cover estimator weights (default: models/cover-dkl.safetensors beside the program)." };
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels for the mask model.", DefaultValueFactory = _ => 512 };
        var command = new Command("cover",
            "Scene cloud cover (thin + thick cloud, % of valid pixels; shadow reported separately). For each INPUT prints the cover of the "
            + "pixel mask and the deep-kernel-learning estimate (CNN features + variational Gaussian process on the input averaged to 64 x 64 "
            + $"cells; inputs over {CoverPatch.MaxBlockPixels} px a side are cut into equal blocks, estimated apart and combined by valid pixels, "
            + "their errors taken as fully correlated) with its 90 % interval. " + IntervalHelp)
        {
            inputs, model, coverModel, tile,
        };
        command.Add(CreateTrain());
        command.SetAction((parse, cancellation) =>
        {
            using var estimator = CoverModel.Load(parse.GetValue(coverModel) ?? ShippedCoverModelPath);
            var (mask, info) = ModelCatalog.Load(parse.GetValue(model) ?? DefaultMaskModel());
            var predictor = new TiledPredictor(mask, new TilingOptions(parse.GetValue(tile), Math.Min(64, parse.GetValue(tile) / 4)));
            var failed = 0;
            var console = Progress.StderrConsole();
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"mask model {info.Id}; cover model {Path.GetFileName(parse.GetValue(coverModel) ?? ShippedCoverModelPath)}");
            Console.Out.WriteLine(string.Format(inv, "{0,-40} {1,10} {2,10} {3,8} {4,17}", "input", "mask cover", "shadow", "DKL", "DKL 90 % interval"));
            foreach (var input in parse.GetValue(inputs)!)
            {
                try
                {
                    (PredictionResult Mask, CoverEstimate Estimate) Work(IProgress<double>? progress)
                    {
                        using var opened = SceneInputs.Open(input);
                        var masked = predictor.Predict(opened.Source, PredictionOutputs.Mask, progress, cancellation);
                        return (masked, estimator.EstimateScene(CoverPatch.FromSource(opened.Source, cancellation)));
                    }
                    var result = Console.IsErrorRedirected
                        ? Work(null)
                        : console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                            .Start(ctx =>
                            {
                                var task = ctx.AddTask(Markup.Escape(Path.GetFileName(input.TrimEnd('/'))), maxValue: 1);
                                return Work(new Progress<double>(f => task.Value = f));
                            });
                    var (lo, hi) = result.Estimate.Interval(0.9);
                    Console.Out.WriteLine(string.Format(inv, "{0,-40} {1,9:0.0}% {2,9:0.0}% {3,7:0.0}% {4,8:0.0}-{5:0.0} %",
                        input, result.Mask.CloudCoverPercent, result.Mask.PercentOfValid(Masking.Classes.MaskClass.CloudShadow),
                        result.Estimate.ClampedPercent, lo, hi));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
                {
                    failed++;
                    var reason = e is Raster.RasterException r && r.Path == input ? r.Reason : e.Message;
                    Console.Out.WriteLine($"failed   {input}: {reason}");
                }
            }
            return Task.FromResult(failed == 0 ? 0 : ErrorReport.InputOrOutputError);
        });
        return command;
    }

    private static Command CreateTrain()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for report.md, report.json, the reliability diagrams and the model.", Required = true };
        var simulated = new Option<int>("--simulated") { Description = "Simulated training patches.", DefaultValueFactory = _ => 1600 };
        var calibration = new Option<int>("--calibration") { Description = "Simulated patches to calibrate the CNN's and the mask's interval widths (their RMSE).", DefaultValueFactory = _ => 200 };
        var test = new Option<int>("--test") { Description = "Held-out simulated test patches.", DefaultValueFactory = _ => 400 };
        var simSeed = new Option<int>("--sim-seed") { Description = "Seed of the first training chip; calibration and test chips start 1,000,000 and 2,000,000 later.", DefaultValueFactory = _ => 300000 };
        var simSensors = new Option<string>("--sim-sensors") { Description = "Comma-separated sensors: s2, s2-l2a, l8, l7.", DefaultValueFactory = _ => "s2,s2-l2a,l8,l7" };
        var devChips = new Option<string?>("--dev-chips") { Description = "Labelled chips (NAME.tif + NAME.label.tif) to evaluate on, whole and as quadrants; never trained on." };
        var devTrainExclude = new Option<string[]>("--dev-train-exclude")
        {
            Description = "Leave-biomes-out: dev chips matching none of these name patterns (e.g. 'biome_Urban_*') are added to training "
                + "(whole and as quadrants, --dev-weight times each); only the matching ones are evaluated. Repeatable. Without it every dev chip is held out.",
        };
        var devWeight = new Option<int>("--dev-weight") { Description = "Copies of each dev training patch per epoch.", DefaultValueFactory = _ => 4 };
        var model = new Option<string?>("--model") { Description = "Mask model for the mask-derived baseline (default as for cover)." };
        var cnnEpochs = new Option<int>("--epochs") { Description = "Epochs of the CNN (experiment 1).", DefaultValueFactory = _ => 30 };
        var dklEpochs = new Option<int>("--dkl-epochs") { Description = "Epochs of joint SVDKL training (experiment 3).", DefaultValueFactory = _ => 30 };
        var inducing = new Option<int>("--inducing") { Description = "m, inducing points of the SVDKL head.", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var modelOut = new Option<string?>("--model-out") { Description = "Where to write the SVDKL model (default OUT/cover-dkl.safetensors)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs." };
        var command = new Command("train", "Run the three cover experiments (1: CNN regression, 2: exact GP on the CNN's features, 3: SVDKL trained "
            + "jointly by the ELBO) on simulated patches with exact labels, compare them with the cover of the pixel mask on held-out simulated "
            + "patches and labelled chips (MAE, share of true covers inside the 50/80/90 % intervals, negative log-likelihood), and write the SVDKL model.")
        {
            output, simulated, calibration, test, simSeed, simSensors, devChips, devTrainExclude, devWeight, model, cnnEpochs, dklEpochs, inducing, seed, modelOut, overwrite,
        };
        command.SetAction((parse, cancellation) =>
        {
            var folder = parse.GetValue(output)!;
            var modelPath = parse.GetValue(modelOut) ?? Path.Combine(folder, "cover-dkl.safetensors");
            var replace = parse.GetValue(overwrite);
            var targets = new[] { modelPath, Path.Combine(folder, "report.md"), Path.Combine(folder, "report.json") };
            if (!replace && targets.FirstOrDefault(File.Exists) is { } existing) throw new Raster.OutputExistsException(existing);
            Directory.CreateDirectory(folder);
            var console = Progress.StderrConsole();
            void Say(string line) => console.MarkupLine(Markup.Escape(line));
            var sensors = parse.GetValue(simSensors)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(SimulatedSensor.Parse).ToArray();
            var (maskModel, maskInfo) = ModelCatalog.Load(parse.GetValue(model) ?? DefaultMaskModel());
            var clock = Stopwatch.StartNew();
            var firstSeed = parse.GetValue(simSeed);

            var train = Simulate(firstSeed, parse.GetValue(simulated), sensors, null, Say, "training", cancellation).Patches;
            var heldPatterns = parse.GetValue(devTrainExclude) ?? [];
            var devTraining = "";
            if (heldPatterns.Length > 0)
            {
                var devFolder = parse.GetValue(devChips) ?? throw new ArgumentException("--dev-train-exclude needs --dev-chips");
                var devTrain = new ChipFolderSource(devFolder, exclude: heldPatterns);
                var added = new List<CoverPatch>();
                for (var i = 0; i < devTrain.Count; i++)
                {
                    var sample = devTrain.Load(i);
                    added.AddRange(CoverPatch.Parts(sample, 2).Append(CoverPatch.FromSample(sample)).Where(p => double.IsFinite(p.CoverPercent)));
                }
                for (var copy = 0; copy < parse.GetValue(devWeight); copy++) train.AddRange(added);
                devTraining = $"; {added.Count} patches of {devTrain.Count} dev chips x {parse.GetValue(devWeight)} (held out: {string.Join(" ", heldPatterns)})";
                Say($"training also on {added.Count} patches (whole + quadrants) of {devTrain.Count} dev chips, {parse.GetValue(devWeight)} copies each");
            }
            var cal = Simulate(firstSeed + 1_000_000, parse.GetValue(calibration), sensors, maskModel, Say, "calibration", cancellation);
            var testSet = Simulate(firstSeed + 2_000_000, parse.GetValue(test), sensors, maskModel, Say, "test", cancellation);
            Say($"simulated {train.Count + cal.Patches.Count + testSet.Patches.Count} patches in {clock.Elapsed.TotalMinutes:F1} min; "
                + $"training cover mean {train.Average(p => p.CoverPercent):F1} %, {train.Count(p => p.CoverPercent < 1)} below 1 %, {train.Count(p => p.CoverPercent > 99)} above 99 %");

            var options = new CoverTrainingOptions
            {
                Seed = parse.GetValue(seed), CnnEpochs = parse.GetValue(cnnEpochs), SvdklEpochs = parse.GetValue(dklEpochs), InducingPoints = parse.GetValue(inducing),
            };
            var trained = new CoverTrainer(options).Run(train, cal.Patches, new Progress<string>(Say), cancellation);
            var maskSd = Math.Sqrt(cal.MaskCover.Zip(cal.Patches, (m, p) => (m - p.CoverPercent) * (m - p.CoverPercent)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average());
            Say($"mask-derived cover: calibration RMSE {maskSd:F2} % (its interval width)");

            var metrics = new List<CoverMetrics>();
            void Evaluate(string data, IReadOnlyList<CoverPatch> patches, IReadOnlyList<double> maskCover)
            {
                var truth = patches.Select(p => p.CoverPercent).ToList();
                metrics.Add(CoverMetrics.Compute("CNN (exp. 1)", data, trained.Cnn.Estimate(patches), truth));
                metrics.Add(CoverMetrics.Compute("exact GP (exp. 2)", data, trained.ExactGp.Estimate(patches), truth));
                metrics.Add(CoverMetrics.Compute("SVDKL (exp. 3)", data, trained.Svdkl.Estimate(patches), truth));
                var usable = Enumerable.Range(0, patches.Count).Where(i => double.IsFinite(maskCover[i])).ToList();
                if (usable.Count > 0 && double.IsFinite(maskSd))
                    metrics.Add(CoverMetrics.Compute($"mask cover ({maskInfo.Id})", data,
                        usable.Select(i => new CoverEstimate(maskCover[i], maskSd)).ToList(), usable.Select(i => truth[i]).ToList()));
            }
            Evaluate("simulated test", testSet.Patches, testSet.MaskCover);
            var diagrams = new List<(string File, string Data)> { ("reliability-simulated.png", "simulated test") };
            if (parse.GetValue(devChips) is { } dev)
            {
                var source = heldPatterns.Length > 0 ? new ChipFolderSource(dev, include: heldPatterns) : new ChipFolderSource(dev);
                var heldName = heldPatterns.Length > 0 ? "held-out dev chip" : "dev chip";
                var quarters = new List<CoverPatch>();
                var quarterMask = new List<double>();
                var wholes = new List<CoverPatch>();
                var wholeMask = new List<double>();
                for (var i = 0; i < source.Count; i++)
                {
                    var sample = source.Load(i);
                    quarters.AddRange(CoverPatch.Parts(sample, 2));
                    var mask = MaskDerivedCover.Predict(maskModel, sample); // once for the quarters and the whole chip
                    quarterMask.AddRange(MaskDerivedCover.Percent(mask, sample, 2));
                    wholes.Add(CoverPatch.FromSample(sample));
                    wholeMask.Add(MaskDerivedCover.Percent(mask, sample)[0]);
                }
                bool Valid(CoverPatch p) => double.IsFinite(p.CoverPercent);
                var keep = Enumerable.Range(0, quarters.Count).Where(i => Valid(quarters[i])).ToList();
                Evaluate($"{heldName} quadrants", keep.Select(i => quarters[i]).ToList(), keep.Select(i => quarterMask[i]).ToList());
                keep = Enumerable.Range(0, wholes.Count).Where(i => Valid(wholes[i])).ToList();
                Evaluate($"{heldName}s (whole)", keep.Select(i => wholes[i]).ToList(), keep.Select(i => wholeMask[i]).ToList());
                diagrams.Add(("reliability-dev.png", $"{heldName} quadrants"));
            }
            var seconds = trained.Seconds.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1));
            var record = new Dictionary<string, string>
            {
                ["training_command"] = "cloudmask " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                ["training_data"] = $"{train.Count} simulated patches, seeds {firstSeed}.., sensors {parse.GetValue(simSensors)}{devTraining}",
                ["training_seconds"] = string.Join(", ", seconds.Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)} s")),
                ["training_started_utc"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            };
            trained.Svdkl.Save(modelPath, record);
            foreach (var (file, data) in diagrams)
                ReliabilityDiagram.Save(Path.Combine(folder, file), metrics.Where(m => m.Data == data).ToList(), replace);

            var report = new StringBuilder();
            report.AppendLine(CoverMetrics.MarkdownHeader);
            foreach (var m in metrics) report.AppendLine(m.ToMarkdownRow());
            report.AppendLine();
            report.AppendLine(FormattableString.Invariant($"Training seconds: {record["training_seconds"]}; total wall time {clock.Elapsed.TotalMinutes:F1} min."));
            report.AppendLine($"Reliability diagram colours, in table order per data set: {string.Join(", ", ReliabilityDiagram.ColourNames.Take(4))}.");
            report.AppendLine();
            foreach (var line in trained.Log) report.AppendLine("    " + line);
            AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), report.ToString(), replace);
            AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(new
            {
                metrics = metrics.Select(m => new
                {
                    m.Method, m.Data, m.Count, m.Mae, m.Coverage50, m.Coverage80, m.Coverage90, m.NegativeLogLikelihood, m.MeanSd,
                    reliability = m.Reliability.Select(r => new { level = r.Level, observed = r.Observed }),
                }),
                seconds,
                command = record["training_command"],
            }, new JsonSerializerOptions { WriteIndented = true }), replace);
            Console.Out.WriteLine(CoverMetrics.MarkdownHeader);
            foreach (var m in metrics) Console.Out.WriteLine(m.ToMarkdownRow());
            Console.Out.WriteLine($"model: {modelPath}; report: {Path.Combine(folder, "report.md")}");
            return Task.FromResult(0);
        });
        return command;
    }

    private sealed record SimulatedSet(List<CoverPatch> Patches, List<double> MaskCover);

    /// <summary>Simulated chips of 64-256 px at 1, 2 or 4 times the sensor's pixel size (extents 0.6-30 km), as patches;
    /// with a mask model, also the mask-derived cover of each.</summary>
    private static SimulatedSet Simulate(int firstSeed, int count, IReadOnlyList<SimulatedSensor> sensors, ISegmentationModel? mask,
        Action<string> say, string what, CancellationToken cancellation)
    {
        var patches = new CoverPatch[count];
        var maskCover = new double[count];
        var done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellation }, i =>
        {
            var seed = firstSeed + i;
            var sensor = sensors[i % sensors.Count];
            var size = 64 * (1 + i / sensors.Count % 4);
            var scale = new[] { 1, 2, 4 }[i / (4 * sensors.Count) % 3];
            var level = sensor == SimulatedSensor.Sentinel2MsiL2A ? Simulation.Scenes.RadiometricLevel.BottomOfAtmosphere : Simulation.Scenes.RadiometricLevel.TopOfAtmosphere;
            var chip = ChipGenerator.Generate(new ChipRequest(seed, size, sensor, level, PixelSizeM: scale * sensor.Bands.Min(b => b.ResolutionM)));
            var bands = sensor.Bands.Select(b => new Raster.Spectral.SpectralBand(b.Name, b.CentralWavelengthUm, b.FwhmUm, b.ResolutionM)).ToArray();
            var sample = new LabelledSample($"sim_{seed}_{sensor.Name}", bands, chip.Raster.Width, chip.Raster.Height, chip.Raster.Bands, chip.Raster.Labels).Validated();
            patches[i] = CoverPatch.FromSample(sample);
            maskCover[i] = mask is null ? double.NaN : MaskDerivedCover.Percent(MaskDerivedCover.Predict(mask, sample), sample)[0];
            var n = Interlocked.Increment(ref done);
            if (n % 200 == 0) say($"{what}: {n}/{count} patches, {clock.Elapsed.TotalMinutes:F1} min");
        });
        var keep = Enumerable.Range(0, count).Where(i => double.IsFinite(patches[i].CoverPercent)).ToList();
        return new SimulatedSet(keep.Select(i => patches[i]).ToList(), keep.Select(i => maskCover[i]).ToList());
    }
}
