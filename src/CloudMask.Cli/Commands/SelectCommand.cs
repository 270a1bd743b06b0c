using System.CommandLine;
using System.Globalization;
using CloudMask.Masking.Analysis;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Inputs;
using CloudMask.Masking.Models;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask select`: active learning's "which sub-tiles should a person label next?".</summary>
internal static class SelectCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Sentinel-2 products (.SAFE, .zip, MTD_MSIL1C/2A.xml) or GeoTIFF band stacks to choose sub-tiles from.",
            Arity = ArgumentArity.OneOrMore,
        };
        var budget = new Option<int>("--budget") { Description = "How many sub-tiles to choose (the labelling budget).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the chosen chips and ranking.csv (created if missing).", Required = true };
        var model = new Option<string>("--model") { Description = $"The current model: {string.Join(", ", ModelCatalog.Entries.Select(e => e.Name))}, or a .safetensors file.", DefaultValueFactory = _ => ModelCatalog.DefaultName };
        var tile = new Option<int>("--tile") { Description = "Sub-tile side in pixels (KappaMask labels 512 x 512).", DefaultValueFactory = _ => 512 };
        var method = new Option<string>("--uncertainty-method") { Description = "entropy (one pass) or flips (disagreement of 4 flipped passes; 4x slower).", DefaultValueFactory = _ => "entropy" };
        var compareModel = new Option<string?>("--compare-model") { Description = "A second model; sub-tiles where the two disagree score higher." };
        var compareMask = new Option<string?>("--compare-mask")
        {
            Description = $"Existing masks to disagree with, as SCHEME:PATH (schemes: {string.Join(", ", ExternalMaskScheme.All.Select(s => s.Name))}); "
                + "PATH may contain {stem}, replaced by each input's name without extension, e.g. scl:masks/{stem}_SCL.tif. "
                + "A mask at another resolution (SCL at 20 m) is resampled to the input's grid.",
        };
        var weight = new Option<double>("--disagreement-weight") { Description = "Score = mean uncertainty (0-1) + this x share of pixels that disagree.", DefaultValueFactory = _ => 1.0 };
        var diversity = new Option<double>("--diversity") { Description = "0: take the top scores; higher: avoid neighbours of tiles already chosen and tiles with the same class mix.", DefaultValueFactory = _ => 0.5 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing chips and ranking.csv." };
        var command = new Command("select",
            "Choose sub-tiles for a person to label next (active learning, as KappaMask was built): split every INPUT into sub-tiles, "
            + "score each by the model's uncertainty (and its disagreement with a second model or an existing mask such as Sen2Cor SCL), "
            + "pick the --budget most informative ones while keeping them diverse, and export each as a chip ready for labelling: "
            + "NNN_STEM_xX_yY.tif (band stack with wavelengths), .png (true colour), .prelabel.tif (the current prediction: correct it, "
            + "save as NNN_STEM_xX_yY.label.tif, and the folder can be given to train --chips), plus ranking.csv with scores and locations.")
        {
            inputs, budget, output, model, tile, method, compareModel, compareMask, weight, diversity, overwrite,
        };
        command.SetAction((parse, cancellation) =>
        {
            var n = parse.GetValue(budget);
            if (n < 1) throw new ArgumentException($"--budget {n}: choose at least one sub-tile");
            var tileSize = parse.GetValue(tile);
            if (tileSize < 16) throw new ArgumentException($"--tile {tileSize}: sub-tiles must be at least 16 px");
            var (loaded, _) = ModelCatalog.Load(parse.GetValue(model));
            ISegmentationModel scoring = Uncertainty.Parse(parse.GetValue(method)!) == UncertaintyMethod.Flips ? new FlipEnsemble(loaded) : loaded;
            ReferenceMask? reference = null;
            if (parse.GetValue(compareModel) is { } second) reference = new ReferenceMask.Model(ModelCatalog.Load(second).Model);
            if (parse.GetValue(compareMask) is { } spec)
            {
                if (reference is not null) throw new ArgumentException("give --compare-model or --compare-mask, not both");
                var colon = spec.IndexOf(':');
                if (colon <= 0) throw new ArgumentException($"--compare-mask {spec}: expected SCHEME:PATH, e.g. scl:masks/{{stem}}_SCL.tif");
                var scheme = ExternalMaskScheme.Parse(spec[..colon]);
                var pattern = spec[(colon + 1)..];
                reference = new ReferenceMask.File(input => pattern.Replace("{stem}", Stem(input)), scheme);
            }
            var scorer = new SubTileScorer(scoring, tileSize, reference, parse.GetValue(weight));

            var all = new List<SubTileScore>();
            var georeference = new Dictionary<string, (Raster.GeoTransform?, string?)>();
            foreach (var input in parse.GetValue(inputs)!)
            {
                using var opened = SceneInputs.Open(input);
                georeference[opened.Source.Path] = (opened.Source.GeoTransform, opened.Source.Crs);
                var scores = AnalysisProgress.Run($"scoring {Path.GetFileName(input.TrimEnd('/'))}", p => scorer.Score(opened.Source, p, cancellation));
                Console.Error.WriteLine($"{input}: {scores.Count} sub-tiles of {tileSize} px, mean score {(scores.Count == 0 ? 0 : scores.Average(s => s.Score)):0.000}");
                all.AddRange(scores);
            }
            if (all.Count == 0) throw new ArgumentException("no input has a sub-tile with enough valid pixels to score");

            var candidates = all.Select(s => new Candidate(s.Score, s.Input, s.X, s.Y, Math.Max(s.Width, s.Height), s.ClassFractions)).ToList();
            var chosen = DiverseSelection.Select(candidates, n, parse.GetValue(diversity))
                .Select((i, rank) => new SelectedTile(rank + 1, LabellingExport.NameFor(rank + 1, all[i].Input, all[i].X, all[i].Y), all[i])).ToList();
            var folder = parse.GetValue(output)!;
            var overwriting = parse.GetValue(overwrite);
            // Refuse before writing anything, so a refused run leaves no half-exported selection.
            foreach (var path in LabellingExport.Outputs(folder, chosen))
                if (File.Exists(path) && !overwriting) throw new Raster.OutputExistsException(path);
            Directory.CreateDirectory(folder);
            foreach (var group in chosen.GroupBy(t => t.Score.Input))
            {
                using var opened = SceneInputs.Open(group.Key);
                foreach (var t in group) LabellingExport.WriteTile(opened.Source, t, loaded, folder, overwriting, cancellation);
            }
            LabellingExport.WriteRanking(Path.Combine(folder, LabellingExport.RankingFileName), chosen, input => georeference[input], overwriting);

            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Format(inv, "{0,4} {1,-40} {2,8} {3,11} {4,12}", "rank", "chip", "score", "uncertainty", "disagreement"));
            foreach (var t in chosen)
                Console.Out.WriteLine(string.Format(inv, "{0,4} {1,-40} {2,8:0.0000} {3,11:0.0000} {4,12}", t.Rank, t.Name, t.Score.Score, t.Score.MeanUncertainty,
                    t.Score.Disagreement is { } d ? d.ToString("0.0000", inv) : "-"));
            Console.Out.WriteLine($"{chosen.Count} of {all.Count} sub-tiles exported to {folder} (ranking: {Path.Combine(folder, LabellingExport.RankingFileName)})");
            return Task.FromResult(0);
        });
        return command;
    }

    private static string Stem(string input)
    {
        var name = Path.GetFileName(input.TrimEnd('/', '\\'));
        foreach (var ext in new[] { ".SAFE", ".zip", ".tif", ".tiff", ".xml" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }
}
