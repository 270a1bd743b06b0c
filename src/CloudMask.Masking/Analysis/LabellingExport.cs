using System.Globalization;
using System.Text;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Analysis;

/// <summary>A sub-tile chosen for labelling, with its rank (1 = most informative) and the chip name it is exported as.</summary>
public sealed record SelectedTile(int Rank, string Name, SubTileScore Score);

/// <summary>
/// Writes chosen sub-tiles ready for a labeller, in the chip format (shared/data/SOURCES.md):
/// NAME.tif (float32 reflectance, band names as descriptions, IMAGERY CENTRAL_WAVELENGTH_UM and
/// FWHM_UM, nodata 0), NAME.png (true colour to look at), NAME.prelabel.tif (the current
/// prediction in label codes with the class colours: correct it and save it as NAME.label.tif,
/// and the chip is ready for `train --chips` and `evaluate`), and ranking.csv. The prediction is
/// made for a window with a margin of context around the tile, so it matches the scene's mask.
/// </summary>
public static class LabellingExport
{
    public const string RankingFileName = "ranking.csv";

    /// <summary>Every file <see cref="Write"/> will create for these tiles (checked for existence before anything is written).</summary>
    public static IEnumerable<string> Outputs(string folder, IEnumerable<SelectedTile> tiles) =>
        tiles.SelectMany(t => ChipFiles(folder, t.Name)).Append(Path.Combine(folder, RankingFileName));

    /// <summary>The files of one exported chip: NAME.tif, NAME.png, NAME.prelabel.tif.</summary>
    public static IEnumerable<string> ChipFiles(string folder, string name) =>
        new[] { ".tif", ".png", ".prelabel.tif" }.Select(e => Path.Combine(folder, name + e));

    /// <summary>A file-name-safe chip name: rank, input stem, tile origin.</summary>
    public static string NameFor(int rank, string input, int x, int y)
    {
        var stem = Path.GetFileName(input.TrimEnd('/', '\\'));
        foreach (var ext in new[] { ".SAFE", ".zip", ".tif", ".tiff", ".xml" })
            if (stem.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) stem = stem[..^ext.Length];
        var safe = new string(stem.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        return string.Create(CultureInfo.InvariantCulture, $"{rank:000}_{safe}_x{x}_y{y}");
    }

    /// <summary>Writes one tile's image, picture and pre-label from an opened input.</summary>
    public static void WriteTile(ISpectralSource source, SelectedTile tile, ISegmentationModel model, string folder, bool overwrite,
        CancellationToken cancellation = default) =>
        WriteWindow(source, tile.Name, new Window(tile.Score.X, tile.Score.Y, tile.Score.Width, tile.Score.Height), model, folder, overwrite, cancellation);

    /// <summary>
    /// Writes any window of an opened input as chip <paramref name="name"/> (NAME.tif, NAME.png,
    /// NAME.prelabel.tif): what `select` does for the tiles it chose, and the map viewer's "label this"
    /// for a box a person drew.
    /// </summary>
    public static void WriteWindow(ISpectralSource source, string name, Window window, ISegmentationModel model, string folder, bool overwrite,
        CancellationToken cancellation = default)
    {
        var planes = source.SpectralBands.Select((_, b) =>
        {
            var plane = new float[window.Width * window.Height];
            source.ReadReflectance(b, window, plane);
            return plane;
        }).ToArray();
        var mask = PredictWithMargin(source, window, model, cancellation);
        var transform = source.GeoTransform?.ForWindow(window);
        WriteImage(Path.Combine(folder, name + ".tif"), source.SpectralBands, planes, window.Width, window.Height, transform, source.Crs, overwrite);
        WriteTrueColour(Path.Combine(folder, name + ".png"), source.SpectralBands, planes, window.Width, window.Height, overwrite);
        WritePrelabel(Path.Combine(folder, name + ".prelabel.tif"), mask, window.Width, window.Height, transform, source.Crs, model.Id, overwrite);
    }

    /// <summary>The ranking table: one row per tile, best first.</summary>
    public static void WriteRanking(string path, IReadOnlyList<SelectedTile> tiles, Func<string, (GeoTransform? Transform, string? Crs)> georeference, bool overwrite)
    {
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("rank,chip,input,x,y,width,height,map_x,map_y,crs_wkt_start,score,mean_uncertainty,disagreement,valid_fraction,clear,cloud_shadow,semi_transparent_cloud,cloud\n");
        foreach (var t in tiles)
        {
            var s = t.Score;
            var (transform, crs) = georeference(s.Input);
            // Map coordinates of the tile's top-left corner (the input's CRS); blank without georeference.
            var (mx, my) = transform is { } g ? (g.OriginX + s.X * g.PixelWidth + s.Y * g.RowRotation, g.OriginY + s.X * g.ColumnRotation + s.Y * g.PixelHeight) : (double.NaN, double.NaN);
            var crsHint = crs is null ? "" : new string(crs.Take(24).Where(c => c != ',' && c != '"').ToArray());
            csv.Append(string.Join(',', t.Rank.ToString(inv), t.Name, Quote(s.Input), s.X.ToString(inv), s.Y.ToString(inv), s.Width.ToString(inv), s.Height.ToString(inv),
                double.IsNaN(mx) ? "" : mx.ToString("0.###", inv), double.IsNaN(my) ? "" : my.ToString("0.###", inv), crsHint,
                s.Score.ToString("0.######", inv), s.MeanUncertainty.ToString("0.######", inv), s.Disagreement?.ToString("0.######", inv) ?? "",
                s.ValidFraction.ToString("0.####", inv), string.Join(',', s.ClassFractions.Select(f => f.ToString("0.####", inv)))));
            csv.Append('\n');
        }
        AtomicFile.WriteAllText(path, csv.ToString(), overwrite);
    }

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    /// <summary>Predicts the window with up to a tile of context around it and crops, so tile borders see their neighbours.</summary>
    private static byte[] PredictWithMargin(ISpectralSource source, Window window, ISegmentationModel model, CancellationToken cancellation)
    {
        var margin = Math.Max(32, model.ContextPixels);
        int x0 = Math.Max(0, window.X - margin), y0 = Math.Max(0, window.Y - margin);
        int x1 = Math.Min(source.Width, window.X + window.Width + margin), y1 = Math.Min(source.Height, window.Y + window.Height + margin);
        var around = new Window(x0, y0, x1 - x0, y1 - y0);
        var result = new TiledPredictor(model).Predict(new WindowSource(source, around), cancellation: cancellation);
        var mask = new byte[window.Width * window.Height];
        for (var row = 0; row < window.Height; row++)
            Array.Copy(result.Mask, (long)(window.Y - y0 + row) * around.Width + (window.X - x0), mask, row * window.Width, window.Width);
        return mask;
    }

    private static void WriteImage(string path, IReadOnlyList<SpectralBand> bands, float[][] planes, int width, int height,
        GeoTransform? transform, string? crs, bool overwrite)
    {
        using var raster = new InMemoryRaster(width, height, bands.Count, RasterDataType.Float32) { GeoTransform = transform, Crs = crs };
        for (var b = 0; b < bands.Count; b++)
        {
            var band = b + 1;
            raster.SetDescription(band, bands[b].Name);
            raster.SetMetadataItem("CENTRAL_WAVELENGTH_UM", bands[b].CentralWavelengthUm.ToString("0.####", CultureInfo.InvariantCulture), "IMAGERY", band);
            raster.SetMetadataItem("FWHM_UM", bands[b].FwhmUm.ToString("0.####", CultureInfo.InvariantCulture), "IMAGERY", band);
            raster.SetNoData(band, 0);
            // The chip format's nodata is reflectance 0.
            raster.Write<float>(band, planes[b].Select(v => float.IsNaN(v) ? 0f : v).ToArray());
        }
        raster.SetMetadataItem("RADIOMETRY", "REFLECTANCE");
        raster.SaveAs(path, RasterFormat.GeoTiff, overwrite);
    }

    private static void WriteTrueColour(string path, IReadOnlyList<SpectralBand> bands, float[][] planes, int width, int height, bool overwrite)
    {
        int Nearest(double um) => bands.Select((b, i) => (Distance: Math.Abs(b.CentralWavelengthUm - um), Index: i)).Min().Index;
        using var raster = new InMemoryRaster(width, height, 3, RasterDataType.Byte);
        var channel = 1;
        foreach (var um in new[] { 0.665, 0.56, 0.49 })
        {
            // Same brightening as predict's preview: reflectance x 3.5, clipped.
            raster.Write<byte>(channel++, planes[Nearest(um)].Select(v => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(v * 3.5f * 255, 0, 255)).ToArray());
        }
        raster.SaveAs(path, RasterFormat.Png, overwrite);
    }

    private static void WritePrelabel(string path, byte[] mask, int width, int height, GeoTransform? transform, string? crs, string modelId, bool overwrite)
    {
        using var raster = new InMemoryRaster(width, height, 1, RasterDataType.Byte) { GeoTransform = transform, Crs = crs };
        raster.Write<byte>(1, mask);
        raster.SetDescription(1, "label");
        raster.SetColorTable(1, MaskWriter.Palette());
        raster.SetMetadataItem("CLASSES", string.Join(",", MaskClasses.All.Select(c => $"{(int)c}={MaskClasses.Name(c)}")));
        raster.SetMetadataItem("PRELABEL_MODEL", modelId);
        raster.SetMetadataItem("PRELABEL_NOTE", "model prediction, not a label: correct it and save as NAME.label.tif (5 = undefined where unsure)");
        raster.SaveAs(path, RasterFormat.GeoTiff, overwrite);
    }
}
