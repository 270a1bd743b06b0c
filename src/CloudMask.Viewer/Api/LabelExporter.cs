using CloudMask.Masking.Analysis;
using CloudMask.Masking.Inputs;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Viewer.Catalog;

namespace CloudMask.Viewer.Api;

/// <summary>The body of POST api/label: a box in the result's pixels.</summary>
public sealed record LabelRequest(string Id, int X, int Y, int Width, int Height);

/// <summary>The answer: the chip's name, the folder it went to and its files.</summary>
public sealed record LabelResponse(string Chip, string Folder, IReadOnlyList<string> Files);

/// <summary>
/// "Label this": exports a box a person drew on a result as a chip ready for labelling, exactly as
/// `cloudmask select` exports the sub-tiles it chooses (<see cref="LabellingExport"/>), so the
/// active-learning loop can start from what a person saw. One export at a time (the model is shared).
/// </summary>
internal sealed class LabelExporter(ViewerOptions options)
{
    /// <summary>The smallest and largest box side: KappaMask labels 512 px sub-tiles; a screen-sized box is plenty.</summary>
    public const int MinSide = 16, MaxSide = 2048;

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Lazy<ISegmentationModel> _model = new(() => ModelCatalog.Load(options.PrelabelModel).Model);

    /// <summary>Checks the box against the result; null when it may be exported, else why not (one line for a 400 answer).</summary>
    public static string? Check(CatalogEntry entry, LabelRequest box)
    {
        if (entry.InputPath is null)
            return $"{entry.Result.Name}: the input it was made from is not found (its .mask.json names it), so there is nothing to export";
        if (box.Width < MinSide || box.Height < MinSide || box.Width > MaxSide || box.Height > MaxSide)
            return $"a box of {box.Width} x {box.Height} px: draw one from {MinSide} to {MaxSide} px a side";
        if (box.X < 0 || box.Y < 0 || box.X + box.Width > entry.Result.Width || box.Y + box.Height > entry.Result.Height)
            return $"the box at x {box.X}, y {box.Y} ({box.Width} x {box.Height} px) reaches outside the {entry.Result.Width} x {entry.Result.Height} px image";
        return null;
    }

    public async Task<LabelResponse> ExportAsync(CatalogEntry entry, LabelRequest box, CancellationToken cancellation)
    {
        await _one.WaitAsync(cancellation);
        try
        {
            return await Task.Run(() => Export(entry, box, cancellation), cancellation);
        }
        finally { _one.Release(); }
    }

    private LabelResponse Export(CatalogEntry entry, LabelRequest box, CancellationToken cancellation)
    {
        var folder = options.LabelFolder;
        Directory.CreateDirectory(folder);
        var input = entry.InputPath!;
        using var opened = OpenOnMaskGrid(input, entry.Result);
        // Numbered after the chips already there, so a second box never replaces the first.
        var rank = Directory.EnumerateFiles(folder, "*.prelabel.tif").Count() + 1;
        string name;
        do name = LabellingExport.NameFor(rank++, input, box.X, box.Y);
        while (LabellingExport.ChipFiles(folder, name).Any(File.Exists));
        LabellingExport.WriteWindow(opened.Source, name, new Window(box.X, box.Y, box.Width, box.Height), _model.Value, folder, overwrite: false, cancellation);
        return new LabelResponse(name, folder, LabellingExport.ChipFiles(folder, name).ToList());
    }

    /// <summary>Opens the input on the grid its mask was made on (predict --resolution may have made it 20 or 60 m).</summary>
    private static SceneInputs.OpenedInput OpenOnMaskGrid(string input, ViewerResult result)
    {
        var opened = SceneInputs.Open(input);
        if (opened.Source.Width == result.Width && opened.Source.Height == result.Height) return opened;
        var pixel = result.Transform is { } t ? (int)Math.Round(Math.Abs(t[1])) : 0;
        opened.Dispose();
        if (pixel <= 0) throw new InvalidDataException($"{input}: its size differs from the mask's ({result.Width} x {result.Height} px)");
        var resampled = SceneInputs.Open(input, pixel);
        if (resampled.Source.Width == result.Width && resampled.Source.Height == result.Height) return resampled;
        resampled.Dispose();
        throw new InvalidDataException($"{input}: neither at its own pixel size nor at {pixel} m does it match the mask's {result.Width} x {result.Height} px");
    }
}
