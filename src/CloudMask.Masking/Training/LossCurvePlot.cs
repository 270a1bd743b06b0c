using CloudMask.Masking.Plotting;

namespace CloudMask.Masking.Training;

/// <summary>
/// Draws the loss curves of a run as a small PNG (loss-curve.png): training loss in blue,
/// validation loss in orange, per epoch, on a white background with light grid lines at every
/// tenth of the loss range. No text: the CSV log has the numbers.
/// </summary>
public static class LossCurvePlot
{
    public const int Width = 640, Height = 360, Margin = 20;

    public static readonly (byte R, byte G, byte B) Train = (31, 119, 180), Validation = (255, 127, 14);
    private static readonly (byte R, byte G, byte B) Grid = (225, 225, 225), Axis = (80, 80, 80);

    public static void Save(string path, IReadOnlyList<(double Train, double Validation)> epochs) =>
        Render(epochs).SavePng(path, overwrite: true);

    /// <summary>The image, Width x Height.</summary>
    public static Canvas Render(IReadOnlyList<(double Train, double Validation)> epochs)
    {
        var canvas = new Canvas(Width, Height);
        var values = epochs.SelectMany(e => new[] { e.Train, e.Validation }).Where(double.IsFinite).ToList();
        double low = values.Count == 0 ? 0 : Math.Min(0, values.Min()), high = values.Count == 0 ? 1 : values.Max();
        if (high <= low) high = low + 1;
        int plotW = Width - 2 * Margin, plotH = Height - 2 * Margin;
        for (var i = 0; i <= 10; i++) canvas.Line(Margin, Margin + plotH * i / 10, Width - Margin, Margin + plotH * i / 10, Grid);
        canvas.Line(Margin, Margin, Margin, Height - Margin, Axis);
        canvas.Line(Margin, Height - Margin, Width - Margin, Height - Margin, Axis);
        int X(int epoch) => Margin + (epochs.Count <= 1 ? plotW / 2 : plotW * epoch / (epochs.Count - 1));
        int Y(double v) => Margin + (int)Math.Round(plotH * (1 - (v - low) / (high - low)));
        for (var e = 0; e < epochs.Count; e++)
        {
            if (e > 0)
            {
                if (double.IsFinite(epochs[e - 1].Train) && double.IsFinite(epochs[e].Train))
                    canvas.Line(X(e - 1), Y(epochs[e - 1].Train), X(e), Y(epochs[e].Train), Train);
                if (double.IsFinite(epochs[e - 1].Validation) && double.IsFinite(epochs[e].Validation))
                    canvas.Line(X(e - 1), Y(epochs[e - 1].Validation), X(e), Y(epochs[e].Validation), Validation);
            }
            if (double.IsFinite(epochs[e].Train)) canvas.Fill(X(e) - 1, Y(epochs[e].Train) - 1, X(e) + 1, Y(epochs[e].Train) + 1, Train);
            if (double.IsFinite(epochs[e].Validation)) canvas.Fill(X(e) - 1, Y(epochs[e].Validation) - 1, X(e) + 1, Y(epochs[e].Validation) + 1, Validation);
        }
        return canvas;
    }
}
