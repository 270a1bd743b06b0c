using CloudMask.Sentinel2.Layout;
using CloudMask.TestSupport;

namespace CloudMask.Sentinel2.Tests;

/// <summary>
/// The real SAFE file trees of L1C baselines 02.01-04.00 and L2A 00.01-04.00 (sentinelhub's aws_safe
/// lists) against the layout rules: names parse, and every path the layout predicts is in the tree.
/// </summary>
public class AwsSafeTreeTests
{
    private sealed record Tree(string CsvName, string Level, string Baseline, string Product, IReadOnlySet<string> Paths);

    private static IReadOnlyList<Tree> Trees()
    {
        var folder = SharedData.RequireFolder("safe-metadata/sentinelhub/aws_safe");
        var trees = new List<Tree>();
        foreach (var csv in Directory.EnumerateFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var rows = File.ReadLines(csv).Where(l => l.Contains(';')).Select(l => l.Split(';')[1].Trim()).ToList();
            var product = rows[0].Split('/')[0];
            var paths = rows.Where(r => r.Contains('/')).Select(r => r[(r.IndexOf('/') + 1)..]).ToHashSet(StringComparer.Ordinal);
            var parts = Path.GetFileNameWithoutExtension(csv).Split('_');
            trees.Add(new Tree(Path.GetFileName(csv), parts[0], parts[1], product, paths));
        }
        Assert.True(trees.Count >= 30, $"expected the ~32 aws_safe trees, found {trees.Count}");
        return trees;
    }

    [SkippableFact]
    public void Compact_trees_parse_and_old_ones_are_recognised_as_unsupported()
    {
        foreach (var tree in Trees())
        {
            var compact = ProductName.TryParse(tree.Product, out var name);
            var legacy = tree.Product.Contains("_OPER_", StringComparison.Ordinal) || tree.Product.Contains("_USER_", StringComparison.Ordinal);
            Assert.True(compact != legacy, $"{tree.CsvName}: {tree.Product} must be either compact or legacy");
            if (legacy)
            {
                if (tree.Product.EndsWith(".SAFE", StringComparison.Ordinal)) Assert.True(ProductName.IsLegacyName(tree.Product), tree.CsvName);
                continue;
            }
            Assert.Equal(tree.Level, name.Level.Code());
            Assert.Equal(ProcessingBaseline.Parse(tree.Baseline), name.Baseline);
        }
    }

    [SkippableFact]
    public void Layout_predicts_every_band_and_layer_path_of_each_compact_baseline()
    {
        var checkedTrees = 0;
        foreach (var tree in Trees())
        {
            if (!ProductName.TryParse(tree.Product, out var name)) continue;
            var granule = tree.Paths.First(p => p.StartsWith("GRANULE/", StringComparison.Ordinal)).Split('/')[1];
            Assert.True(SafeLayout.TryParse(name, granule, out var layout), $"{tree.CsvName}: granule folder {granule}");
            Assert.Contains(layout.ProductMetadataPath, tree.Paths);
            Assert.Contains(layout.GranuleMetadataPath, tree.Paths);

            foreach (var band in MsiBands.Of(name.Level))
            {
                foreach (var res in MsiResolution.All)
                {
                    var expected = name.Level == ProductLevel.L1C ? res == band.NativeResolutionM : SafeLayout.L2AHasBand(band, res, name.Baseline);
                    if (!expected) continue;
                    var path = layout.BandPath(band, res);
                    Assert.True(tree.Paths.Contains(path), $"{tree.CsvName}: {path} predicted but absent");
                }
            }
            if (name.Level == ProductLevel.L2A)
            {
                foreach (var layer in new[] { L2ALayer.SCL, L2ALayer.CLD, L2ALayer.SNW })
                foreach (var res in new[] { 20, 60 })
                {
                    var path = layout.LayerPath(layer, res);
                    Assert.True(tree.Paths.Contains(path), $"{tree.CsvName}: {path} predicted but absent");
                }
                Assert.Contains(layout.LayerPath(L2ALayer.AOT, 10), tree.Paths);
                Assert.Contains(layout.LayerPath(L2ALayer.WVP, 60), tree.Paths);

                // The L2A band files at each resolution are exactly the predicted ones.
                var present = tree.Paths.Where(p => p.Contains("/IMG_DATA/R", StringComparison.Ordinal))
                    .Select(p => GranuleImageName.TryParse(p, out var n) ? n : null)
                    .Where(n => n?.Band is not null)
                    .Select(n => (n!.Layer, n.ResolutionM!.Value))
                    .ToHashSet();
                var predicted = MsiBands.L2A.SelectMany(b => MsiResolution.All.Where(r => SafeLayout.L2AHasBand(b, r, name.Baseline)).Select(r => (b.Name, r))).ToHashSet();
                Assert.True(predicted.SetEquals(present), $"{tree.CsvName}: predicted and present band files differ");
            }
            checkedTrees++;
        }
        Assert.True(checkedTrees >= 25, $"only {checkedTrees} compact trees checked");
    }

    [SkippableFact]
    public void Every_image_file_of_every_compact_tree_parses_with_the_tile_and_time_of_the_product()
    {
        foreach (var tree in Trees())
        {
            if (!ProductName.TryParse(tree.Product, out var name)) continue;
            foreach (var path in tree.Paths.Where(p => p.Contains("/IMG_DATA/", StringComparison.Ordinal) && p.EndsWith(".jp2", StringComparison.Ordinal)))
            {
                Assert.True(GranuleImageName.TryParse(path, out var image), $"{tree.CsvName}: {path}");
                Assert.Equal(name.Tile, image.Tile);
                Assert.Equal(name.SensingStart, image.Sensing);
            }
        }
    }
}
