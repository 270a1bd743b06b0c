using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudMask.Masking.Analysis;
using CloudMask.Masking.Plotting;
using CloudMask.Masking.Output;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask active-learning`: the demonstration that selecting uncertain chips beats random
/// ones, on simulated chips whose exact labels play the labeller. Writes the learning curves.
/// </summary>
internal static class ActiveLearningCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for curve.csv, curve.json, active-learning.png and the training runs.", Required = true };
        var repeats = new Option<int>("--repeats") { Description = "Independent repeats (different starting chips and seeds).", DefaultValueFactory = _ => 3 };
        var poolSize = new Option<int>("--pool") { Description = "Simulated chips in the unlabelled pool.", DefaultValueFactory = _ => 120 };
        var testSize = new Option<int>("--test") { Description = "Simulated test chips (other seeds) the curves are scored on.", DefaultValueFactory = _ => 40 };
        var size = new Option<int>("--size") { Description = "Side of the simulated chips in pixels.", DefaultValueFactory = _ => 96 };
        var sensor = new Option<string>("--sensor") { Description = "Simulated sensor: s2, s2-l2a, l8, l7.", DefaultValueFactory = _ => "s2" };
        var initial = new Option<int>("--initial") { Description = "Random labelled chips the starting model is trained on.", DefaultValueFactory = _ => 12 };
        var budget = new Option<int>("--budget") { Description = "Chips added per round (N).", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of select, label, fine-tune.", DefaultValueFactory = _ => 3 };
        var initialSteps = new Option<int>("--initial-steps") { Description = "Training steps of the starting model.", DefaultValueFactory = _ => 300 };
        var steps = new Option<int>("--steps") { Description = "Fine-tuning steps per round (the same for both strategies).", DefaultValueFactory = _ => 150 };
        var crop = new Option<int>("--crop") { Description = "Training crop side (a multiple of 16).", DefaultValueFactory = _ => 64 };
        var diversity = new Option<double>("--diversity") { Description = "Diversity weight of the uncertainty strategy's selection (0: top N by uncertainty).", DefaultValueFactory = _ => 1.0 };
        var clearShare = new Option<double>("--clear-share") { Description = "Share of pool and test chips simulated cloud-free, as most sub-tiles of real products are (0: every chip drawn with clouds as usual).", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the results of an earlier run in --out." };
        var command = new Command("active-learning",
            "Demonstrate the active-learning loop on simulated chips: train a small cloudmask-any on a few random chips, then for several "
            + "rounds add --budget chips chosen by uncertainty (as `select` does) or at random, fine-tune both for the same steps, and "
            + "score both on held-out chips. Prints and plots mean dice against labelled chips for both strategies, and the paired gain "
            + "of the last round with its t statistic. Cost: about 40 s of CPU per repeat with the defaults; results vary between "
            + "repeats (other starting chips and seeds), so use several.")
        {
            output, repeats, poolSize, testSize, size, sensor, initial, budget, rounds, initialSteps, steps, crop, diversity, clearShare, seed, overwrite,
        };
        command.SetAction((parse, cancellation) =>
        {
            var folder = parse.GetValue(output)!;
            var overwriting = parse.GetValue(overwrite);
            string csv = Path.Combine(folder, "curve.csv"), json = Path.Combine(folder, "curve.json"), png = Path.Combine(folder, "active-learning.png");
            foreach (var path in new[] { csv, json, png })
                if (File.Exists(path) && !overwriting) throw new Raster.OutputExistsException(path);
            var sensors = new[] { SimulatedSensor.Parse(parse.GetValue(sensor)!) };
            int side = parse.GetValue(size), runSeed = parse.GetValue(seed);
            // Pool, validation and test chips come from disjoint seed ranges.
            // Pool and test chips share the clear share: the test stands for the products the pool came from.
            var clear = parse.GetValue(clearShare);
            var pool = new SimulatedSampleSource(500_000 + runSeed * 10_000, parse.GetValue(poolSize), side, sensors, clear);
            var validationSource = new SimulatedSampleSource(600_000 + runSeed * 10_000, 4, side, sensors);
            var testSource = new SimulatedSampleSource(700_000 + runSeed * 10_000, parse.GetValue(testSize), side, sensors, clear);
            var options = new ActiveLearningOptions
            {
                WorkFolder = Path.Combine(folder, "runs"), InitialChips = parse.GetValue(initial), Budget = parse.GetValue(budget), Rounds = parse.GetValue(rounds),
                InitialSteps = parse.GetValue(initialSteps), StepsPerRound = parse.GetValue(steps), CropSize = parse.GetValue(crop),
                Diversity = parse.GetValue(diversity), Seed = runSeed,
            };
            if (options.CropSize % 16 != 0 || options.CropSize > side) throw new ArgumentException($"--crop {options.CropSize} must be a multiple of 16 and at most --size {side}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var test = AnalysisProgress.Run("simulating test chips", p => Enumerable.Range(0, testSource.Count).Select(i => { p.Report((i + 1.0) / testSource.Count); return testSource.Load(i); }).ToList());
            var validation = Enumerable.Range(0, validationSource.Count).Select(validationSource.Load).ToList();
            var experiment = new ActiveLearningExperiment(pool, validation, test, options);
            var points = new List<CurvePoint>();
            var count = parse.GetValue(repeats);
            for (var r = 1; r <= count; r++)
            {
                var repeat = r;
                points.AddRange(AnalysisProgress.Run($"repeat {repeat} of {count}", p =>
                    experiment.Run(repeat, new AnalysisProgress.SyncProgress<ActiveLearningProgress>(s => p.Report(s.Fraction)), cancellation)));
                PrintRepeat(points.Where(x => x.Repeat == repeat).ToList());
            }

            Directory.CreateDirectory(folder);
            var inv = CultureInfo.InvariantCulture;
            var text = new StringBuilder("repeat,strategy,round,labelled_chips,mean_dice,overall_accuracy,summed_dice\n");
            foreach (var p in points)
                text.Append(string.Create(inv, $"{p.Repeat},{p.Strategy},{p.Round},{p.LabelledChips},{p.MeanDice:0.######},{p.OverallAccuracy:0.######},{p.SummedDice:0.######}\n"));
            AtomicFile.WriteAllText(csv, text.ToString(), overwriting);
            var summary = Summarise(points);
            AtomicFile.WriteAllText(json, JsonSerializer.Serialize(new { options = new { options.InitialChips, options.Budget, options.Rounds, options.InitialSteps, options.StepsPerRound, options.CropSize, options.Diversity, chip_size = side, pool = pool.Count, test = test.Count, repeats = count, sensor = sensors[0].Name }, minutes = Math.Round(clock.Elapsed.TotalMinutes, 2), summary, points }, new JsonSerializerOptions { WriteIndented = true }), overwriting);
            var labelled = summary.Select(s => (double)s.LabelledChips).Distinct().ToList();
            Charts.Lines("ACTIVE LEARNING VS RANDOM (MEAN OF REPEATS)", "labelled chips", "test mean dice", labelled,
                [
                    new ChartSeries("uncertainty + diversity", (200, 60, 30), summary.Where(s => s.Strategy == "uncertainty").Select(s => s.MeanDice).ToList()),
                    new ChartSeries("random", (60, 90, 180), summary.Where(s => s.Strategy == "random").Select(s => s.MeanDice).ToList()),
                ]).SavePng(png, overwriting);

            Console.Out.WriteLine($"mean over {count} repeats ({clock.Elapsed.TotalMinutes:F1} min):");
            Console.Out.WriteLine(string.Format(inv, "{0,5} {1,8} {2,18} {3,18} {4,22}", "round", "labelled", "uncertainty dice", "random dice", "gain (min..max)"));
            foreach (var round in summary.Select(s => s.Round).Distinct())
            {
                var u = summary.Single(s => s.Round == round && s.Strategy == "uncertainty");
                var r = summary.Single(s => s.Round == round && s.Strategy == "random");
                var gains = points.Where(p => p.Round == round).GroupBy(p => p.Repeat)
                    .Select(g => g.Single(p => p.Strategy == "uncertainty").MeanDice - g.Single(p => p.Strategy == "random").MeanDice).ToList();
                Console.Out.WriteLine(string.Format(inv, "{0,5} {1,8} {2,11:0.000} +-{3:0.000} {4,11:0.000} +-{5:0.000} {6,8:+0.000;-0.000} ({7:+0.000;-0.000}..{8:+0.000;-0.000})",
                    round, u.LabelledChips, u.MeanDice, u.StdDice, r.MeanDice, r.StdDice, u.MeanDice - r.MeanDice, gains.Min(), gains.Max()));
            }
            // Paired by repeat (same start, same chips-so-far budget): is the last round's gain more than noise?
            var last = points.Max(p => p.Round);
            var finalGains = points.Where(p => p.Round == last).GroupBy(p => p.Repeat)
                .Select(g => g.Single(p => p.Strategy == "uncertainty").MeanDice - g.Single(p => p.Strategy == "random").MeanDice).ToList();
            if (finalGains.Count > 1)
            {
                var mean = finalGains.Average();
                var sd = Math.Sqrt(finalGains.Sum(g => (g - mean) * (g - mean)) / (finalGains.Count - 1));
                Console.Out.WriteLine(string.Format(inv, "round {0}: paired gain {1:+0.000;-0.000} +- {2:0.000} (sd), t = {3:0.00} with {4} degrees of freedom; uncertainty ahead in {5} of {6} repeats",
                    last, mean, sd, sd > 0 ? mean / (sd / Math.Sqrt(finalGains.Count)) : double.NaN, finalGains.Count - 1, finalGains.Count(g => g > 0), finalGains.Count));
            }
            Console.Out.WriteLine($"written: {csv}, {json}, {png}");
            return Task.FromResult(0);
        });
        return command;
    }

    private sealed record Summary(string Strategy, int Round, int LabelledChips, double MeanDice, double StdDice, double OverallAccuracy);

    private static List<Summary> Summarise(IReadOnlyList<CurvePoint> points) =>
        points.GroupBy(p => (p.Strategy, p.Round)).OrderBy(g => g.Key.Strategy).ThenBy(g => g.Key.Round).Select(g =>
        {
            var dice = g.Select(p => p.MeanDice).ToList();
            var mean = dice.Average();
            var std = dice.Count < 2 ? 0 : Math.Sqrt(dice.Sum(d => (d - mean) * (d - mean)) / (dice.Count - 1));
            return new Summary(g.Key.Strategy, g.Key.Round, g.First().LabelledChips, mean, std, g.Average(p => p.OverallAccuracy));
        }).ToList();

    private static void PrintRepeat(IReadOnlyList<CurvePoint> points)
    {
        foreach (var p in points.OrderBy(p => p.Round).ThenBy(p => p.Strategy))
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"repeat {p.Repeat} round {p.Round} {p.Strategy,-11} {p.LabelledChips,3} chips: mean dice {p.MeanDice:0.000}, OA {p.OverallAccuracy:0.000}"));
    }
}
