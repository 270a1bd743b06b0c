using System.CommandLine;
using System.Globalization;
using CloudMask.Masking.Data;
using CloudMask.Masking.Models;
using CloudMask.Masking.Training;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Sensors;
using Spectre.Console;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask train`: trains cloudmask-any or the KappaMask U-Net on chip folders and/or
/// simulated chips. Parses arguments, composes the data sources, hands off to the Trainer and
/// shows progress (a bar on a terminal, one line per epoch otherwise).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a network (cloudmask-any or kappamask-unet) on labelled chip folders, KappaZeta NetCDF sub-tiles and/or simulated chips; "
            + "writes best.safetensors, last.safetensors and training-log.csv to --out.");
        var model = new Option<string>("--model") { Description = $"Architecture: {string.Join(", ", NetworkFactory.Architectures)}.", DefaultValueFactory = _ => CloudMaskAnyOptions.ArchitectureName };
        var output = new Option<string>("--out", "-o") { Description = "Folder for checkpoints and the log.", Required = true };
        var chips = new Option<string[]>("--chips") { Description = "Folder of labelled chips (NAME.tif + NAME.label.tif); repeatable. Folders share the batches the simulator leaves equally (e.g. `simulate chips --clouds cirrus` as a folder of one cloud regime)." };
        var kappazeta = new Option<string[]>("--kappazeta") { Description = "Folder of KappaZeta's labelled NetCDF sub-tiles (*.nc with B01..B12, B8A, AOT, WVP and Label); repeatable." };
        var resolutionChange = new Option<float>("--resolution-jitter") { Description = "Share of training samples degraded to 20, 30 or 60 m and resampled back (0: never).", DefaultValueFactory = _ => new Augmentation().ResolutionChangeChance };
        var exclude = new Option<string[]>("--exclude") { Description = "Chip name patterns held out of training, e.g. 'biome_Urban_*'; repeatable." };
        var simulated = new Option<int>("--simulated") { Description = "Number of distinct simulated chips (generated on first use; 0: none).", DefaultValueFactory = _ => 0 };
        var simSize = new Option<int>("--sim-size") { Description = "Side of simulated chips in pixels.", DefaultValueFactory = _ => 192 };
        var simSeed = new Option<int>("--sim-seed") { Description = "Seed of the first simulated chip.", DefaultValueFactory = _ => 100000 };
        var simSensors = new Option<string>("--sim-sensors") { Description = "Comma-separated sensors for simulated chips: s2, s2-l2a, l8, l7.", DefaultValueFactory = _ => "s2,s2-l2a,l8,l7" };
        var simClearShare = new Option<double>("--sim-clear-share") { Description = "Share of simulated chips made cloud-free, on top of the clear skies the simulator draws by itself (most real sub-tiles are clear; 0-1).", DefaultValueFactory = _ => 0 };
        var simWeight = new Option<double>("--sim-weight") { Description = "Share of batches drawn from the simulator (the rest is split equally between the --chips and --kappazeta folders).", DefaultValueFactory = _ => 0.5 };
        var validationFraction = new Option<double>("--validation-fraction") { Description = "Share of each source kept for validation.", DefaultValueFactory = _ => 0.15 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 50 };
        var steps = new Option<int>("--steps") { Description = "Steps per epoch.", DefaultValueFactory = _ => 50 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 4 };
        var crop = new Option<int>("--crop") { Description = "Training crop side in pixels.", DefaultValueFactory = _ => 128 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f };
        var loss = new Option<string>("--loss") { Description = "dice (KappaMask soft dice) or ce+dice (weighted cross-entropy + dice).", DefaultValueFactory = _ => "ce+dice" };
        var patience = new Option<int>("--patience") { Description = "Early stopping: epochs without a better validation loss.", DefaultValueFactory = _ => 10 };
        var plateau = new Option<int>("--plateau-patience") { Description = "Halve the learning rate after this many epochs without improvement.", DefaultValueFactory = _ => 4 };
        var minutes = new Option<double?>("--time-limit") { Description = "Stop after the epoch that passes this many minutes." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Continue from --out/last.safetensors." };
        var init = new Option<string?>("--init") { Description = "Start from these weights (pretrain, then fine-tune); their architecture is used." };
        var levels = new Option<int>("--levels") { Description = "kappamask-unet: levels 5-7.", DefaultValueFactory = _ => 5 };
        var filters = new Option<int>("--filters") { Description = "kappamask-unet: base filters 32, 64 or 128.", DefaultValueFactory = _ => 32 };
        var bandSet = new Option<string>("--band-set") { Description = "kappamask-unet: l1c (13 bands) or l2a (14 layers).", DefaultValueFactory = _ => "l1c" };
        var batchNorm = new Option<bool>("--batch-norm") { Description = "kappamask-unet: add batch normalisation." };
        var bnAverage = new Option<int>("--bn-average") { Description = "Before training, set batch norm's running statistics to the average over this many training batches (0: keep them; useful with --init and --freeze-batch-norm).", DefaultValueFactory = _ => 0 };
        var commonBandSets = new Option<double>("--common-band-sets") { Description = "cloudmask-any: share of training batches given one of the band sets users have (RGB, RGB+NIR, RGB+NIR+SWIR, Sentinel-2's ten 10/20 m bands); the other batches get all bands or a random subset, half and half.", DefaultValueFactory = _ => RandomBandSubsets.DefaultCommonSetShare };
        var selectBy = new Option<string>("--select-by") { Description = "What picks best.safetensors and drives the learning-rate plateau and early stopping: loss (validation loss) or dice (mean dice per validation chip, sources weighted as in training).", DefaultValueFactory = _ => "loss" };
        var freezeBn = new Option<bool>("--freeze-batch-norm") { Description = "Normalise with batch norm's running statistics during training too, as inference does (batches of one source and band set otherwise see statistics unlike the mix)." };
        var classWeights = new Option<string>("--class-weights")
        {
            Description = "Cross-entropy weights of clear, shadow, thin cloud and cloud, comma-separated (ce+dice loss); a larger weight "
                + "makes the network call that class sooner where it is unsure.",
            DefaultValueFactory = _ => string.Join(',', new TrainingOptions { OutputFolder = "." }.ClassWeights.Select(w => w.ToString(CultureInfo.InvariantCulture))),
        };
        var commonSets = new Option<string>("--common-sets")
        {
            Description = $"cloudmask-any: which of the common band sets ({string.Join(", ", RandomBandSubsets.CommonSetNames)}) the "
                + "--common-band-sets share goes to, comma-separated (default: all four; validation scores all four regardless).",
        };
        var averageFrom = new Option<int>("--average-from")
        {
            Description = "Also average the weights at the end of every epoch from this one on (stochastic weight averaging; best with "
                + "a constant --lr and --freeze-batch-norm) and write the mean as average.safetensors, validated at the end (0: off).",
            DefaultValueFactory = _ => 0,
        };
        var validateStart = new Option<bool>("--validate-start")
        {
            Description = "Validate the starting weights (--init's) before the first epoch and keep them as best.safetensors (epoch 0) "
                + "until an epoch validates better, so that fine-tuning on your own chips never returns weights that validate worse than those it began with.",
        };
        foreach (var o in new Option[] { model, output, chips, kappazeta, resolutionChange, exclude, simulated, simSize, simSeed, simSensors, simClearShare, simWeight, validationFraction, epochs, steps,
                     batch, crop, lr, loss, patience, plateau, minutes, seed, resume, init, levels, filters, bandSet, batchNorm, bnAverage, freezeBn, selectBy, commonBandSets, commonSets, averageFrom, classWeights, validateStart })
            command.Add(o);

        var plan = new Option<string?>("--plan")
        {
            Description = "A training plan (JSON): the training sources with their label classes and shares of the batches, and the real chips, "
                + "kept apart, that validate every epoch (models/cloudmask-any.plan.json is the shipped model's). Replaces --chips, --kappazeta, --simulated and --exclude.",
        };
        var dataRoot = new Option<string?>("--data-root") { Description = "What {data} means in a --plan (default: ../shared/data beside the CloudMask folder)." };
        var workDir = new Option<string?>("--work-dir") { Description = "What {work} means in a --plan: a folder of data made for the run, e.g. simulated chip folders (default: the folder above --out)." };
        command.Add(plan);
        command.Add(dataRoot);
        command.Add(workDir);

        command.SetAction((parse, cancellation) =>
        {
            var runSeed = parse.GetValue(seed);
            var splits = new List<(DataSplit Split, double Weight)>();
            var chipFolders = parse.GetValue(chips) ?? [];
            var held = parse.GetValue(exclude) ?? [];
            var kappaFolders = parse.GetValue(kappazeta) ?? [];
            var realFolders = chipFolders.Length + kappaFolders.Length;
            var simCount = parse.GetValue(simulated);
            var planPath = parse.GetValue(plan);
            var validationSources = new List<(PlanSource Entry, ChipFolderSource Source)>();
            if (planPath is not null)
            {
                if (realFolders > 0 || simCount > 0 || held.Length > 0)
                    throw new ArgumentException("--plan names the data: leave out --chips, --kappazeta, --simulated and --exclude");
                var outFolder = Path.GetFullPath(parse.GetValue(output)!);
                var trainingPlan = TrainingPlan.Load(planPath, parse.GetValue(dataRoot) ?? DefaultDataRoot(), parse.GetValue(workDir) ?? Path.GetDirectoryName(outFolder)!);
                var fraction = trainingPlan.Validate.Count > 0 ? 0 : parse.GetValue(validationFraction);
                foreach (var entry in trainingPlan.Train)
                    splits.Add((DataSplit.Of(TrainingSource(entry), fraction, runSeed), entry.Weight));
                foreach (var entry in trainingPlan.Validate)
                    validationSources.Add((entry, new ChipFolderSource(entry.Chips!, entry.Include, entry.Exclude, entry.Classes)));
                var total = splits.Sum(s => s.Weight);
                for (var i = 0; i < splits.Count; i++) splits[i] = (splits[i].Split, splits[i].Weight / total);
            }
            // The simulator's share of batches: all of them without real data folders, none without simulation.
            var simShare = simCount <= 0 ? 0.0 : realFolders > 0 ? parse.GetValue(simWeight) : 1.0;
            foreach (var folder in chipFolders)
                splits.Add((DataSplit.Of(new ChipFolderSource(folder, exclude: held), parse.GetValue(validationFraction), runSeed), (1 - simShare) / realFolders));
            foreach (var folder in kappaFolders)
                splits.Add((DataSplit.Of(new KappaZetaNetCdfSource(folder), parse.GetValue(validationFraction), runSeed), (1 - simShare) / realFolders));
            if (simCount > 0)
            {
                var sensors = parse.GetValue(simSensors)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(SimulatedSensor.Parse).ToArray();
                var clearShare = parse.GetValue(simClearShare);
                if (clearShare is < 0 or > 1) throw new ArgumentException($"--sim-clear-share must be between 0 and 1, not {clearShare}");
                var source = new SimulatedSampleSource(parse.GetValue(simSeed), simCount, parse.GetValue(simSize), sensors, clearShare);
                splits.Add((DataSplit.Of(source, parse.GetValue(validationFraction), runSeed), simShare));
            }
            if (splits.Count == 0) throw new ArgumentException("no training data: give --plan FILE, --chips FOLDER, --kappazeta FOLDER and/or --simulated N");

            var jitter = parse.GetValue(resolutionChange);
            if (jitter is not (>= 0 and <= 1)) throw new ArgumentException($"--resolution-jitter {jitter} must be between 0 and 1");

            var initPath = parse.GetValue(init);
            using var network = initPath is not null ? NetworkFactory.FromFile(initPath) : NetworkFactory.Create(parse.GetValue(model)!, kappaOptions: new KappaMaskUNetOptions
            {
                Levels = parse.GetValue(levels), BaseFilters = parse.GetValue(filters), BatchNorm = parse.GetValue(batchNorm), Seed = runSeed,
                BandSet = parse.GetValue(bandSet)!.ToLowerInvariant() switch
                {
                    "l1c" => KappaMaskBandSet.L1C13, "l2a" => KappaMaskBandSet.L2A14,
                    var other => throw new ArgumentException($"unknown --band-set '{other}'; valid: l1c, l2a"),
                },
            });
            var options = new TrainingOptions
            {
                OutputFolder = parse.GetValue(output)!, Epochs = parse.GetValue(epochs), StepsPerEpoch = parse.GetValue(steps), BatchSize = parse.GetValue(batch),
                CropSize = parse.GetValue(crop), LearningRate = parse.GetValue(lr), EarlyStoppingPatience = parse.GetValue(patience),
                PlateauPatience = parse.GetValue(plateau), Seed = runSeed, Resume = parse.GetValue(resume),
                Augmentation = new Augmentation { ResolutionChangeChance = jitter },
                BatchNormAverageBatches = parse.GetValue(bnAverage), FreezeBatchNorm = parse.GetValue(freezeBn),
                AverageFromEpoch = parse.GetValue(averageFrom) is var from and >= 0 ? from
                    : throw new ArgumentException($"--average-from {parse.GetValue(averageFrom)} must be 0 (off) or an epoch number"),
                SelectBy = parse.GetValue(selectBy)!.ToLowerInvariant() switch
                {
                    "loss" => CheckpointMetric.Loss, "dice" => CheckpointMetric.ChipDice,
                    var other => throw new ArgumentException($"unknown --select-by '{other}'; valid: loss, dice"),
                },
                ClassWeights = ParseClassWeights(parse.GetValue(classWeights)!),
                ValidateStart = parse.GetValue(validateStart),
                TimeLimit = parse.GetValue(minutes) is { } m ? TimeSpan.FromMinutes(m) : null,
                Loss = parse.GetValue(loss)!.ToLowerInvariant() switch
                {
                    "dice" => LossKind.Dice, "ce+dice" => LossKind.CrossEntropyDice,
                    var other => throw new ArgumentException($"unknown --loss '{other}'; valid: dice, ce+dice"),
                },
            };
            if (options.CropSize % network.SizeMultiple != 0)
                throw new ArgumentException($"--crop {options.CropSize} must be a multiple of {network.SizeMultiple} for this network");
            if (!options.Resume && File.Exists(Path.Combine(options.OutputFolder, Trainer.LastFileName)))
                throw new IOException($"{options.OutputFolder} already holds a run; use --resume to continue it or another --out");

            var commonShare = parse.GetValue(commonBandSets);
            if (commonShare is not (>= 0 and <= 1)) throw new ArgumentException($"--common-band-sets {commonShare} must be between 0 and 1");
            var setNames = parse.GetValue(commonSets)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
            if (setNames?.FirstOrDefault(n => !RandomBandSubsets.CommonSetNames.Contains(n)) is { } unknownSet)
                throw new ArgumentException($"--common-sets: unknown band set '{unknownSet}'; valid: {string.Join(", ", RandomBandSubsets.CommonSetNames)}");
            if (setNames is { Length: 0 }) throw new ArgumentException($"--common-sets needs at least one of {string.Join(", ", RandomBandSubsets.CommonSetNames)}");
            var trainingBands = network switch
            {
                CloudMaskAnyTrainable => new RandomBandSubsets(commonShare, setNames),
                _ when commonShare != RandomBandSubsets.DefaultCommonSetShare || setNames is not null =>
                    throw new ArgumentException($"--common-band-sets and --common-sets apply to {CloudMaskAnyOptions.ArchitectureName} only"),
                _ => network.BandSelector,
            };
            var sampler = new BatchSampler(splits.Select(s => new WeightedSource(s.Split.Source, s.Weight, s.Split.Train)).ToList(),
                trainingBands, options.BatchSize, options.CropSize, options.Augmentation);
            // Each source counts in the validation loss by its share of training batches, however many
            // validation chips it has (100 simulated chips must not outvote 3 real ones).
            // Real sources have few validation chips: each is scored with every validation band set.
            var validation = splits.Where(s => s.Split.Validation.Count > 0).SelectMany(s => BatchSampler.ValidationBatches(
                s.Split.Validation.Select(i => s.Split.Source.Load(i)), network.BandSelector, options.CropSize * 2,
                s.Weight / s.Split.Validation.Count, everyTurn: s.Split.Source is not SimulatedSampleSource)).ToList();
            // A plan's validation chips: each entry weighs its share, spread over its chips, every band set scored.
            var validationTotal = validationSources.Sum(v => v.Entry.Weight);
            foreach (var (entry, source) in validationSources)
            {
                if (entry.ValidationSize % network.SizeMultiple != 0)
                    throw new ArgumentException($"validate entry '{entry.Name}': size {entry.ValidationSize} must be a multiple of {network.SizeMultiple} for this network");
                validation.AddRange(BatchSampler.ValidationBatches(Enumerable.Range(0, source.Count).Select(source.Load), network.BandSelector,
                    entry.ValidationSize, entry.Weight / validationTotal / source.Count, everyTurn: true));
            }
            if (validation.Count == 0) throw new ArgumentException("nothing to validate on: give the plan a \"validate\" list or a --validation-fraction above 0");
            var record = new Dictionary<string, string>
            {
                [NetworkFile.ModelIdKey] = $"{network.Architecture}@{DateTime.UtcNow:yyyyMMdd}",
                ["training_command"] = "cloudmask " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                ["training_data"] = string.Join("; ", splits.Select(s => $"{s.Split.Source.Description} (train {s.Split.Train.Count}, validation {s.Split.Validation.Count}, weight {s.Weight:0.###})")),
                ["validation_data"] = string.Join("; ", validationSources.Select(v => $"{v.Entry.Name}: {v.Source.Description} (weight {v.Entry.Weight / validationTotal:0.###})")),
                ["training_plan"] = planPath is null ? "" : File.ReadAllText(planPath),
                ["training_held_out"] = string.Join(" ", held),
                ["training_seed"] = runSeed.ToString(CultureInfo.InvariantCulture),
                ["training_started_utc"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            };
            if (network.Module is CloudMaskAnyNetwork any)
                Console.Error.WriteLine($"cloudmask-any: {any.ParameterCount():N0} parameters, {any.ForwardFlops(13, 512, 512) / 1e9:F1} GFLOP per 512x512 tile with 13 bands");
            Console.Error.WriteLine($"training {network.Architecture} on {record["training_data"]}; {validation.Count} validation chips");
            if (options.BatchNormAverageBatches > 0 && !options.Resume)
                Console.Error.WriteLine($"first averaging batch-norm statistics over {options.BatchNormAverageBatches} training batches (forward only)");
            var result = RunWithProgress(new Trainer(network, options), sampler, validation, record, options, cancellation);
            foreach (var b in validation) b.Dispose();
            Console.WriteLine($"{result.StopReason}: {result.EpochsRun} epochs in {result.Elapsed.TotalMinutes:F1} min ({result.SecondsPerStep:F2} s/step); "
                + (options.SelectBy == CheckpointMetric.Loss ? $"best validation loss {result.BestValidationLoss:F4}" : $"best validation chip dice {1 - result.BestValidationLoss:F4}")
                + $" at epoch {result.BestEpoch}{(result.BestEpoch == 0 && options.ValidateStart ? " (the starting weights: no epoch validated better)" : "")}: {result.BestWeightsPath}");
            if (result.Average is { } avg)
                Console.WriteLine($"mean of the weights of epochs {avg.FirstEpoch}-{avg.LastEpoch}: validation loss {avg.Validation.Loss:F4}, "
                    + $"chip dice {avg.Validation.ChipDice:F4}, mean dice {avg.Validation.MeanDice:F3}: {avg.Path}");
            else if (options.AverageFromEpoch > result.EpochsRun)
                Console.WriteLine($"no weight average: the run stopped at epoch {result.EpochsRun}, before --average-from {options.AverageFromEpoch}");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>A plan's training source: its chip folder, or the simulator.</summary>
    private static ISampleSource TrainingSource(PlanSource entry) => entry.Simulated is { } sim
        ? new SimulatedSampleSource(sim.Seed, sim.Count, sim.Size, sim.Sensors.Select(SimulatedSensor.Parse).ToArray(), sim.ClearShare)
        : new ChipFolderSource(entry.Chips!, entry.Include, entry.Exclude, entry.Classes);

    /// <summary>../shared/data beside the CloudMask folder (CLOUDMASK_HOME, set by the launcher; else the working folder).</summary>
    private static string DefaultDataRoot() =>
        Path.GetFullPath(Path.Combine(Environment.GetEnvironmentVariable("CLOUDMASK_HOME") ?? Directory.GetCurrentDirectory(), "..", "shared", "data"));

    private static float[] ParseClassWeights(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var weights = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]) || !(weights[i] > 0) || !float.IsFinite(weights[i]))
                throw new ArgumentException($"--class-weights {text}: '{parts[i]}' is not a positive number");
        if (weights.Length != 4) throw new ArgumentException($"--class-weights {text}: give 4 weights (clear, shadow, thin cloud, cloud), not {weights.Length}");
        return weights;
    }

    private static TrainingResult RunWithProgress(Trainer trainer, BatchSampler sampler, IReadOnlyList<TrainingBatch> validation,
        IReadOnlyDictionary<string, string> record, TrainingOptions options, CancellationToken cancellation)
    {
        static string Line(TrainingProgress p) => p.Validation is { } v
            ? (p.Epoch == 0 ? "starting weights: " : $"epoch {p.Epoch}/{p.Epochs}: loss {p.TrainLoss:F4}, ") + $"val loss {v.Loss:F4}, val acc {v.OverallAccuracy:P1}, val mean dice {v.MeanDice:F3} "
              + $"(cloud {v.CloudDice:F3}, shadow {v.ShadowDice:F3}), chip dice {v.ChipDice:F3}, lr {p.LearningRate:g3}, {p.Elapsed.TotalMinutes:F1} min{(p.Event is null ? "" : ", " + p.Event)}"
            : $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch}: loss {p.TrainLoss:F4}";

        if (Console.IsErrorRedirected)
            return trainer.Run(sampler, validation, record, new SyncProgress(p => { if (p.Validation is not null) Console.Error.WriteLine(Line(p)); }), cancellation);

        TrainingResult? result = null;
        Progress.StderrConsole().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: (double)options.Epochs * options.StepsPerEpoch);
                var console = Progress.StderrConsole();
                result = trainer.Run(sampler, validation, record, new SyncProgress(p =>
                {
                    task.Value = Math.Max(0, (double)(p.Epoch - 1) * p.StepsPerEpoch + p.Step);
                    task.Description = Markup.Escape(Line(p));
                    if (p.Validation is not null) console.MarkupLine(Markup.Escape(Line(p)));
                }), cancellation);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Reports on the training thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
