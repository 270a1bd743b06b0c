namespace CloudMask.Masking.Evaluation;

/// <summary>A labelled chip: its label file and the image (or existing mask) to compare with it.</summary>
public sealed record ChipPair(string Name, string LabelPath, string OtherPath)
{
    /// <summary>NAME.optical-depth.tif beside the label: the cloud optical thickness the simulator cut
    /// the labels from (<see cref="OpticalDepthBreakdown"/>); most chips have none.</summary>
    public string OpticalDepthPath => LabelPath.EndsWith(".label.tif", StringComparison.Ordinal)
        ? LabelPath[..^".label.tif".Length] + ".optical-depth.tif"
        : Path.ChangeExtension(LabelPath, ".optical-depth.tif");
}

/// <summary>Finds labelled chips in a folder: NAME.label.tif next to NAME.tif (chip format).</summary>
public static class ChipPairs
{
    /// <summary>Chips whose image NAME.tif sits next to NAME.label.tif, sorted by name.</summary>
    public static IReadOnlyList<ChipPair> Images(string folder) =>
        Labels(folder).Select(l => (l.Name, l.Label, Image: Path.Combine(folder, l.Name + ".tif")))
            .Where(x => File.Exists(x.Image)).Select(x => new ChipPair(x.Name, x.Label, x.Image)).ToList();

    /// <summary>Labels in <paramref name="labelFolder"/> paired with NAME.mask.tif (or NAME.tif) in <paramref name="maskFolder"/>.</summary>
    public static IReadOnlyList<ChipPair> Masks(string labelFolder, string maskFolder)
    {
        var pairs = new List<ChipPair>();
        foreach (var (name, label) in Labels(labelFolder))
        {
            var mask = new[] { name + ".mask.tif", name + ".tif" }.Select(f => Path.Combine(maskFolder, f)).FirstOrDefault(File.Exists);
            if (mask is not null) pairs.Add(new ChipPair(name, label, mask));
        }
        return pairs;
    }

    private static IEnumerable<(string Name, string Label)> Labels(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        return Directory.GetFiles(folder, "*.label.tif").Order(StringComparer.Ordinal)
            .Select(l => (Path.GetFileName(l)[..^".label.tif".Length], l));
    }
}
