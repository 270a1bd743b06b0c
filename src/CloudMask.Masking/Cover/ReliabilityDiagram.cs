using CloudMask.Masking.Plotting;

namespace CloudMask.Masking.Cover;

/// <summary>
/// A reliability diagram as a PNG: x the nominal level of the central interval (0-1), y the
/// share of true covers found inside it (0-1); the grey diagonal is perfect calibration, each
/// method a coloured line with dots (colours in <see cref="Colours"/>, in the order given).
/// Grid lines every 0.1. No text: docs/cover.md holds the legend.
/// </summary>
public static class ReliabilityDiagram
{
    public const int Size = 480, Margin = 30;

    public static readonly (byte R, byte G, byte B)[] Colours = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75)];
    public static readonly string[] ColourNames = ["blue", "orange", "green", "red", "purple", "brown"];
    private static readonly (byte R, byte G, byte B) Grid = (225, 225, 225), Axis = (80, 80, 80), Diagonal = (150, 150, 150);

    public static void Save(string path, IReadOnlyList<CoverMetrics> methods, bool overwrite) =>
        Render(methods).SavePng(path, overwrite);

    /// <summary>The image, Size x Size.</summary>
    public static Canvas Render(IReadOnlyList<CoverMetrics> methods)
    {
        var canvas = new Canvas(Size, Size);
        var plot = Size - 2 * Margin;
        int X(double v) => Margin + (int)Math.Round(plot * v);
        int Y(double v) => Size - Margin - (int)Math.Round(plot * v);
        for (var i = 0; i <= 10; i++)
        {
            canvas.Line(X(i / 10.0), Y(0), X(i / 10.0), Y(1), Grid);
            canvas.Line(X(0), Y(i / 10.0), X(1), Y(i / 10.0), Grid);
        }
        canvas.Line(X(0), Y(0), X(1), Y(1), Diagonal);
        canvas.Line(X(0), Y(0), X(0), Y(1), Axis);
        canvas.Line(X(0), Y(0), X(1), Y(0), Axis);
        for (var m = 0; m < methods.Count; m++)
        {
            var colour = Colours[m % Colours.Length];
            var points = new List<(double, double)> { (0, 0) };
            points.AddRange(methods[m].Reliability);
            points.Add((1, 1));
            for (var p = 1; p < points.Count; p++)
                canvas.Line(X(points[p - 1].Item1), Y(points[p - 1].Item2), X(points[p].Item1), Y(points[p].Item2), colour);
            foreach (var (level, observed) in methods[m].Reliability)
                for (var dy = -2; dy <= 2; dy++)
                    for (var dx = -2; dx <= 2; dx++) canvas.Set(X(level) + dx, Y(observed) + dy, colour);
        }
        return canvas;
    }
}
