using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Evaluation;

/// <summary>
/// What `cloudmask view REPORT` shows of an evaluation, written beside report.html: for every chip
/// REPORT/chips/NAME.label.tif (the label in project codes, whatever scheme it came in),
/// NAME.rgb.tif (its true colour, when the chip's image is there) and, for every model or mask
/// folder scored, REPORT/chips/ENTRY/NAME.prediction.tif. All are small COGs on the label's grid
/// with the class colours, so QGIS shows them too.
/// </summary>
public sealed class ReportChips
{
    public const string FolderName = "chips";
    public const string LabelSuffix = ".label.tif";
    public const string RgbSuffix = ".rgb.tif";
    public const string PredictionSuffix = ".prediction.tif";

    private readonly string _folder;
    private readonly HashSet<string> _labelsWritten = [];

    /// <summary>Claims REPORT/chips: refuses an existing one unless <paramref name="overwrite"/>, which replaces it whole.</summary>
    public ReportChips(string reportFolder, bool overwrite)
    {
        _folder = Path.Combine(reportFolder, FolderName);
        if (Directory.Exists(_folder))
        {
            if (!overwrite) throw new OutputExistsException(_folder);
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Removes what was written (an evaluation that failed leaves no half-written chips).</summary>
    public void Discard()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A folder name for a scored entry (model id or SCHEME:DIR): letters, digits, '-', '_', '.' and '@' kept.</summary>
    public static string EntryFolder(string entry) =>
        new(entry.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_').ToArray());

    /// <summary>Writes one chip's prediction by <paramref name="entry"/> (and, the first time the chip is seen, its label and true colour).</summary>
    /// <param name="labels">The label in project codes, on the label's grid.</param>
    /// <param name="prediction">The prediction in project codes, same grid.</param>
    public void Write(string entry, ChipPair chip, byte[] labels, byte[] prediction)
    {
        using var label = RasterDataset.Open(chip.LabelPath);
        var georeference = new GeoReference(label.GeoTransform, label.Crs);
        var entryFolder = Path.Combine(_folder, EntryFolder(entry));
        Directory.CreateDirectory(entryFolder);
        if (_labelsWritten.Add(chip.Name))
        {
            MaskWriter.Write(Path.Combine(_folder, chip.Name + LabelSuffix), labels, label.Width, label.Height, georeference);
            WriteTrueColour(chip, georeference, label.Width, label.Height);
        }
        MaskWriter.Write(Path.Combine(entryFolder, chip.Name + PredictionSuffix), prediction, label.Width, label.Height, georeference);
    }

    /// <summary>The chip's image NAME.tif (beside its label) in true colour; skipped when it is absent or not a band stack.</summary>
    private void WriteTrueColour(ChipPair chip, GeoReference georeference, int width, int height)
    {
        var image = Path.Combine(Path.GetDirectoryName(chip.LabelPath)!, chip.Name + ".tif");
        if (!File.Exists(image)) return;
        BandStack stack;
        try { stack = BandStack.Open(image); }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException) { return; }
        using (stack)
        {
            if (stack.Width != width || stack.Height != height) return;
            PreviewWriter.WriteQuickLook(Path.Combine(_folder, chip.Name + RgbSuffix), stack, georeference, overwrite: false);
        }
    }
}
