using CloudMask.Masking.Data;
using CloudMask.Masking.Models;

namespace CloudMask.Cli.Commands;

/// <summary>Loads the labelled chips an analysis command runs on, refusing up front a chip the model cannot read.</summary>
internal static class AnalysisChips
{
    public static List<LabelledSample> Load(ISegmentationModel model, string folder, string[]? include, string[]? exclude)
    {
        var source = new ChipFolderSource(folder, include, exclude);
        var chips = Enumerable.Range(0, source.Count).Select(source.Load).ToList();
        foreach (var chip in chips)
            if (model.CheckBands(chip.Bands) is { } problem)
                throw new Raster.RasterContentException(Path.Combine(folder, chip.Name + ".tif"), problem);
        return chips;
    }
}
