using System.Globalization;

namespace CloudMask.Masking.Plotting;

/// <summary>A named series of a chart and its colour.</summary>
public sealed record ChartSeries(string Name, (byte R, byte G, byte B) Colour, IReadOnlyList<double> Values);

/// <summary>
/// Small self-labelled charts for the analysis commands and docs: grouped bars (band importance,
/// error rate per uncertainty decile) and lines (learning curves). Axis ticks, group labels,
/// title and legend are drawn with <see cref="PixelFont"/>; non-finite values are left out.
/// </summary>
public static class Charts
{
    private static readonly (byte, byte, byte) Ink = (40, 40, 40), GridColour = (228, 228, 228);
    private const int Left = 64, Right = 16, Top = 40, Bottom = 64;

    public static Canvas Bars(string title, string yLabel, IReadOnlyList<string> groups, IReadOnlyList<ChartSeries> series, int width = 900, int height = 420,
        string? xLabel = null)
    {
        var canvas = new Canvas(width, height);
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        var (low, high) = Range(values.Count == 0 ? [0] : values.Append(0).ToList());
        var frame = Frame(canvas, title, yLabel, low, high, series);
        var groupWidth = (double)frame.W / Math.Max(1, groups.Count);
        var barWidth = Math.Max(1, (int)(groupWidth * 0.8 / Math.Max(1, series.Count)));
        var zero = frame.Y(0);
        for (var g = 0; g < groups.Count; g++)
        {
            var x0 = Left + (int)(g * groupWidth + groupWidth * 0.1);
            for (var s = 0; s < series.Count; s++)
            {
                if (g >= series[s].Values.Count || !double.IsFinite(series[s].Values[g])) continue;
                var x = x0 + s * barWidth;
                canvas.Fill(x, zero, x + barWidth - 2, frame.Y(series[s].Values[g]), series[s].Colour);
            }
            var label = groups[g];
            var centre = Left + (int)((g + 0.5) * groupWidth);
            if (PixelFont.Width(label) <= groupWidth - 2) canvas.Text(centre - PixelFont.Width(label) / 2, height - Bottom + 8, label, Ink);
            else canvas.TextUp(centre - 3, height - Bottom + 8 + PixelFont.Width(label), label, Ink);
        }
        canvas.Line(Left, zero, width - Right, zero, Ink);
        if (xLabel is not null) canvas.Text(Left + frame.W / 2 - PixelFont.Width(xLabel) / 2, height - Bottom + 24, xLabel, Ink);
        return canvas;
    }

    public static Canvas Lines(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<ChartSeries> series,
        int width = 720, int height = 420)
    {
        var canvas = new Canvas(width, height);
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        var (low, high) = Range(values.Count == 0 ? [0, 1] : values);
        var frame = Frame(canvas, title, yLabel, low, high, series);
        double xLow = x.Min(), xHigh = x.Max() > x.Min() ? x.Max() : x.Min() + 1;
        int X(double v) => Left + (int)Math.Round(frame.W * (v - xLow) / (xHigh - xLow));
        foreach (var v in x.Distinct())
        {
            var text = Format(v);
            canvas.Line(X(v), height - Bottom, X(v), height - Bottom + 4, Ink);
            canvas.Text(X(v) - PixelFont.Width(text) / 2, height - Bottom + 8, text, Ink);
        }
        canvas.Text(Left + frame.W / 2 - PixelFont.Width(xLabel) / 2, height - Bottom + 24, xLabel, Ink);
        foreach (var s in series)
        {
            (int X, int Y)? previous = null;
            for (var i = 0; i < Math.Min(x.Count, s.Values.Count); i++)
            {
                if (!double.IsFinite(s.Values[i])) { previous = null; continue; }
                var point = (X(x[i]), frame.Y(s.Values[i]));
                if (previous is { } p) canvas.Line(p.X, p.Y, point.Item1, point.Item2, s.Colour, 2);
                canvas.Fill(point.Item1 - 3, point.Item2 - 3, point.Item1 + 3, point.Item2 + 3, s.Colour);
                previous = point;
            }
        }
        return canvas;
    }

    private sealed record PlotFrame(int W, Func<double, int> Y);

    /// <summary>Title, legend, y axis with grid lines and ticks; returns the plot width and the value-to-row map.</summary>
    private static PlotFrame Frame(Canvas canvas, string title, string yLabel, double low, double high, IReadOnlyList<ChartSeries> series)
    {
        int w = canvas.Width - Left - Right, h = canvas.Height - Top - Bottom;
        int Y(double v) => Top + (int)Math.Round(h * (1 - (v - low) / (high - low)));
        // Large title when it fits, else small.
        canvas.Text(Left, 8, title, Ink, PixelFont.Width(title, 2) <= canvas.Width - Left - Right ? 2 : 1);
        var legendX = Left;
        foreach (var s in series)
        {
            canvas.Fill(legendX, 28, legendX + 9, 35, s.Colour);
            canvas.Text(legendX + 13, 28, s.Name, Ink);
            legendX += PixelFont.Width(s.Name) + 28;
        }
        var step = NiceStep((high - low) / 6);
        for (var v = Math.Ceiling(low / step) * step; v <= high + step * 1e-9; v += step)
        {
            canvas.Line(Left, Y(v), canvas.Width - Right, Y(v), GridColour);
            var text = Format(v);
            canvas.Text(Left - 6 - PixelFont.Width(text), Y(v) - 3, text, Ink);
        }
        canvas.Line(Left, Top, Left, Top + h, Ink);
        canvas.TextUp(6, Top + h / 2 + PixelFont.Width(yLabel) / 2, yLabel, Ink);
        return new PlotFrame(w, Y);
    }

    private static (double Low, double High) Range(IReadOnlyList<double> values)
    {
        double low = values.Min(), high = values.Max();
        var pad = (high - low) * 0.08;
        if (pad <= 0) pad = Math.Max(Math.Abs(high) * 0.1, 0.01);
        // A range starting at exactly 0 stays there (bars rest on the axis); otherwise pad both ends.
        return (low == 0 ? 0 : low - pad, high + pad);
    }

    private static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static string Format(double v) =>
        Math.Abs(v) < 1e-12 ? "0" : v.ToString(Math.Abs(v) >= 10 ? "0" : Math.Abs(v) >= 1 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
