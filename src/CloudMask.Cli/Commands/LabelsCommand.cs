using System.CommandLine;
using CloudMask.Labelling;
using CloudMask.Masking.Classes;
using CloudMask.Raster.Spectral;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Cli.Commands;

/// <summary>
/// `cloudmask labels`: labels made from data. `from-pairs` derives a label from a cloudy and a
/// cloud-free image of one place; `check` measures that rule on simulated pairs, whose truth is known.
/// </summary>
internal static class LabelsCommand
{
    public static Command Create()
    {
        var command = new Command("labels", "Make training labels from data rather than by hand: `from-pairs` derives cloud, thin cloud and shadow "
            + "from a cloudy and a cloud-free image of the same place; `check` measures how often those labels are right on simulated pairs.");
        command.Add(FromPairs());
        command.Add(Check());
        return command;
    }

    private static Command FromPairs()
    {
        var cloudy = new Argument<string>("CLOUDY") { Description = "The cloudy image: a band stack with blue, green, red and NIR (SWIR and the cirrus band B10 help: without them snow and wet soil are harder to tell from cloud)." };
        var clear = new Argument<string>("CLEAR") { Description = "A cloud-free image of the same place on the same grid, as close in time as you have." };
        var output = new Option<string>("--out", "-o") { Description = "The label file to write (NAME.label.tif: put it beside the cloudy image, named after it, and the folder trains as chips).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var bandNames = BandNamesOption.Create();
        var preview = new Option<string?>("--preview") { Description = "Also write the cloudy image, the clear image and the label side by side (PNG) to check the label by eye." };
        var histogram = new Option<string?>("--histogram") { Description = "Also write a chart (PNG) of the visible brightening per derived class: where the rule's thresholds cut this pair." };
        var command = new Command("from-pairs",
            "Derive a label from a cloudy and a cloud-free image of one place: cloud where the cloudy image is much brighter in the visible "
            + "and SWIR (or bright in the cirrus band), thin cloud for a smaller, spectrally flat brightening, shadow where it is darker in NIR "
            + "and SWIR where the clouds, moved along the sun's direction, fall, clear where nothing changed, and 5 (undefined: ignored by "
            + "training) where the evidence is weak or the ground itself changed (snow, wet soil, harvest). The rule and its thresholds: "
            + "docs/labels-from-pairs.md.")
        {
            cloudy, clear, output, overwrite, bandNames, preview, histogram,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!;
            var labels = PairLabelJob.Run(parse.GetValue(cloudy)!, parse.GetValue(clear)!, target, parse.GetValue(overwrite),
                BandNamesOption.Parse(parse.GetValue(bandNames)), previewPath: parse.GetValue(preview), histogramPath: parse.GetValue(histogram));
            var counts = labels.Counts();
            var total = Math.Max(1, counts.Sum() - counts[0]);
            Console.WriteLine($"{target}: " + string.Join(", ", new[] { MaskClass.Clear, MaskClass.CloudShadow, MaskClass.SemiTransparentCloud, MaskClass.Cloud, MaskClass.Undefined }
                .Select(c => $"{MaskClasses.Name(c)} {100.0 * counts[(int)c] / total:F1} %"))
                + (labels.ShadowOffset is { } o ? $"; shadows {o.Dx},{o.Dy} px from their clouds" : "; no shadow found"));
            return 0;
        });
        return command;
    }

    private static Command Check()
    {
        var count = new Option<int>("--simulated") { Description = "Number of simulated pairs (a cloudy chip and the same scene without clouds).", DefaultValueFactory = _ => 40 };
        var size = new Option<int>("--size") { Description = "Chip side in pixels.", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first pair.", DefaultValueFactory = _ => 950000 };
        var sensor = new Option<string>("--sensor") { Description = "s2 (L1C, 13 bands) or s2-l2a (12 bands, no cirrus band).", DefaultValueFactory = _ => "s2" };
        var sheets = new Option<string?>("--sheets") { Description = "Also write, for every pair, a PNG of the cloudy image, the clear image, the derived label and the true label side by side into this folder." };
        var command = new Command("check",
            "Measure `labels from-pairs` where the truth is known: simulate pairs (a cloudy scene and the same scene without clouds), derive "
            + "the labels, and print per class how often a derived label is right (precision) and how much of each true class it labels "
            + "(coverage; the rest is left undefined or given another class).")
        {
            count, size, seed, sensor, sheets,
        };
        command.SetAction(parse =>
        {
            var simSensor = SimulatedSensor.Parse(parse.GetValue(sensor)!);
            var level = simSensor == SimulatedSensor.Sentinel2MsiL2A ? RadiometricLevel.BottomOfAtmosphere : RadiometricLevel.TopOfAtmosphere;
            var agreement = new long[6, 6]; // [true, derived]
            var n = parse.GetValue(count);
            for (var i = 0; i < n; i++)
            {
                var (cloudyChip, clearChip) = ChipGenerator.GeneratePair(new ChipRequest(parse.GetValue(seed) + i, parse.GetValue(size), simSensor, level), parallel: true);
                var bands = simSensor.Bands.Select(b => new SpectralBand(b.Name, b.CentralWavelengthUm, b.FwhmUm, b.ResolutionM)).ToArray();
                var images = new PairImages(cloudyChip.Width, cloudyChip.Height, bands, b => cloudyChip.Raster.Bands[b], b => clearChip.Raster.Bands[b]);
                var derived = PairLabeller.Label(images);
                if (parse.GetValue(sheets) is { } folder)
                {
                    Directory.CreateDirectory(folder);
                    PairLabelSheets.Preview(images, derived, cloudyChip.Raster.Labels).SavePng(Path.Combine(folder, $"pair_{cloudyChip.Spec.Seed}.png"), overwrite: true);
                }
                for (var p = 0; p < derived.Codes.Length; p++) agreement[cloudyChip.Raster.Labels[p], derived.Codes[p]]++;
                if (!Console.IsErrorRedirected || (i + 1) % 10 == 0) Console.Error.Write($"\r{i + 1}/{n} pairs");
            }
            Console.Error.WriteLine();
            Console.WriteLine($"{n} simulated {simSensor.Name} pairs; pixels by true class (rows) and derived class (columns):");
            Console.WriteLine($"  {"",-24}" + string.Concat(MaskClasses.All.Skip(1).Select(c => $"{MaskClasses.Name(c),24}")));
            foreach (var t in MaskClasses.Predicted)
                Console.WriteLine($"  {MaskClasses.Name(t),-24}" + string.Concat(MaskClasses.All.Skip(1).Select(d => $"{agreement[(int)t, (int)d],24:N0}")));
            Console.WriteLine("derived class: precision (share right), coverage (share of the true class given it), left undefined");
            foreach (var c in MaskClasses.Predicted)
            {
                long derivedAs = 0, right = agreement[(int)c, (int)c], truth = 0;
                for (var t = 1; t <= 4; t++) derivedAs += agreement[t, (int)c];
                for (var d = 0; d < 6; d++) truth += agreement[(int)c, d];
                Console.WriteLine($"  {MaskClasses.Name(c),-24} precision {(derivedAs == 0 ? double.NaN : (double)right / derivedAs),6:P1}  "
                    + $"coverage {(truth == 0 ? double.NaN : (double)right / truth),6:P1}  undefined {(truth == 0 ? double.NaN : (double)agreement[(int)c, (int)MaskClass.Undefined] / truth),6:P1}");
            }
            return 0;
        });
        return command;
    }
}
