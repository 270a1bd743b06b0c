using System.Globalization;
using System.Net;
using System.Text;
using CloudMask.Masking.Classes;
using CloudMask.Raster;

namespace CloudMask.Masking.Evaluation;

/// <summary>Writes evaluation reports as one HTML page with tables and confusion-matrix images (PNG).</summary>
public static class HtmlReport
{
    public static void Write(string folder, IReadOnlyList<EvaluationReport> reports, bool overwrite)
    {
        Directory.CreateDirectory(folder);
        var html = new StringBuilder();
        html.AppendLine("<!doctype html><html><head><meta charset=\"utf-8\"><title>CloudMask evaluation</title>");
        html.AppendLine("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}</style></head><body>");
        html.AppendLine("<h1>CloudMask evaluation</h1>");
        html.AppendLine("<p>Labels 0 (missing) and 5 (undefined) are ignored. Dice = F1. CloudSEN12: median balanced overall accuracy over chips.</p>");
        html.AppendLine(SideBySide(reports));
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            var image = $"confusion-{i + 1}.png";
            WriteConfusionImage(Path.Combine(folder, image), r.Total, overwrite);
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{Encode(r.Name)}</h2>");
            html.AppendLine(ClassTable(r));
            html.AppendLine(ConfusionTable(r));
            if (r.OpticalDepth is { } depth) html.AppendLine(OpticalDepthTable(depth));
            html.AppendLine(CultureInfo.InvariantCulture, $"<p><img src=\"{image}\" width=\"240\" alt=\"row-normalised confusion matrix, rows truth, columns prediction\" style=\"image-rendering:pixelated\"> rows: truth (clear, shadow, thin, cloud); columns: prediction; darker = larger share of the row.</p>");
        }
        html.AppendLine("</body></html>");
        Output.AtomicFile.WriteAllText(Path.Combine(folder, "report.html"), html.ToString(), overwrite);
    }

    private static string SideBySide(IReadOnlyList<EvaluationReport> reports)
    {
        var s = new StringBuilder("<table><tr><th>evaluated</th><th>chips</th><th>overall accuracy</th><th>mean dice</th><th>cloudy F1</th>");
        foreach (var c in MaskClasses.Predicted) s.Append(CultureInfo.InvariantCulture, $"<th>dice {MaskClasses.Name(c)}</th>");
        s.Append("<th>CloudSEN12 BOA cloud</th><th>BOA shadow</th><th>BOA clear</th></tr>");
        foreach (var r in reports)
        {
            s.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"text-align:left\">{Encode(r.Name)}</td><td>{r.Chips.Count}</td><td>{F(r.Total.OverallAccuracy)}</td><td>{F(r.Total.MeanDice)}</td><td>{F(r.CloudyF1())}</td>");
            foreach (var c in MaskClasses.Predicted) s.Append(CultureInfo.InvariantCulture, $"<td>{F(r.Total.Metrics(c).Dice)}</td>");
            foreach (var p in Enum.GetValues<CloudSen12Protocol.Problem>()) s.Append(CultureInfo.InvariantCulture, $"<td>{F(r.CloudSen12.MedianBalancedAccuracy(p))}</td>");
            s.Append("</tr>");
        }
        return s.Append("</table>").ToString();
    }

    private static string ClassTable(EvaluationReport r)
    {
        var s = new StringBuilder("<table><tr><th>class</th><th>dice</th><th>precision</th><th>recall</th><th>IoU</th><th>labelled pixels</th></tr>");
        foreach (var c in r.Total.Classes)
        {
            var m = r.Total.Metrics(c);
            s.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"text-align:left\">{MaskClasses.Name(c)}</td><td>{F(m.Dice)}</td><td>{F(m.Precision)}</td><td>{F(m.Recall)}</td><td>{F(m.Iou)}</td><td>{m.TruePositives + m.FalseNegatives}</td></tr>");
        }
        return s.Append("</table>").ToString();
    }

    private static string ConfusionTable(EvaluationReport r)
    {
        var counts = r.Total.Counts;
        var normalised = r.Total.RowNormalised();
        var s = new StringBuilder("<table><tr><th>truth \\ prediction</th>");
        foreach (var c in r.Total.Classes) s.Append(CultureInfo.InvariantCulture, $"<th>{MaskClasses.Name(c)}</th>");
        s.Append("</tr>");
        for (var i = 0; i < r.Total.Classes.Count; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $"<tr><th>{MaskClasses.Name(r.Total.Classes[i])}</th>");
            for (var j = 0; j < r.Total.Classes.Count; j++) s.Append(CultureInfo.InvariantCulture, $"<td>{counts[i, j]}<br><small>{normalised[i, j]:0.000}</small></td>");
            s.Append("</tr>");
        }
        return s.Append("</table>").ToString();
    }

    private static string OpticalDepthTable(OpticalDepthBreakdown depth)
    {
        var s = new StringBuilder("<p>By cloud optical thickness (the labels call 0.3 to 8 thin cloud and 8 or more cloud): share of each range's pixels predicted as</p>");
        s.Append("<table><tr><th>optical thickness</th><th>pixels</th>");
        foreach (var c in MaskClasses.Predicted) s.Append(CultureInfo.InvariantCulture, $"<th>{MaskClasses.Name(c)}</th>");
        s.Append("</tr>");
        for (var r = 0; r < OpticalDepthBreakdown.Edges.Count; r++)
        {
            if (depth.Pixels(r) == 0) continue;
            s.Append(CultureInfo.InvariantCulture, $"<tr><th>{OpticalDepthBreakdown.RangeName(r)}</th><td>{depth.Pixels(r)}</td>");
            foreach (var c in MaskClasses.Predicted) s.Append(CultureInfo.InvariantCulture, $"<td>{F(depth.Share(r, c))}</td>");
            s.Append("</tr>");
        }
        return s.Append("</table>").ToString();
    }

    /// <summary>The row-normalised matrix as a small greyscale image, one 60 px square per cell.</summary>
    internal static void WriteConfusionImage(string path, ConfusionMatrix matrix, bool overwrite)
    {
        const int cell = 60;
        var n = matrix.Classes.Count;
        var normalised = matrix.RowNormalised();
        var pixels = new byte[n * cell * n * cell];
        for (var y = 0; y < n * cell; y++)
            for (var x = 0; x < n * cell; x++)
            {
                var border = y % cell == 0 || x % cell == 0;
                pixels[y * n * cell + x] = border ? (byte)128 : (byte)Math.Round(255 * (1 - normalised[y / cell, x / cell]));
            }
        using var raster = new InMemoryRaster(n * cell, n * cell, 1, RasterDataType.Byte);
        raster.Write<byte>(1, pixels);
        raster.SaveAs(path, RasterFormat.Png, overwrite);
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
