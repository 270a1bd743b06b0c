using CloudMask.Raster;

namespace CloudMask.Masking.Training;

/// <summary>
/// Draws the loss curves of a run as a small PNG (loss-curve.png): training loss in blue,
/// validation loss in orange, per epoch, on a white background with light grid lines at every
/// tenth of the loss range. No text (no font rendering here): the CSV log has the numbers.
/// </summary>
public static class LossCurvePlot
{
    public const int Width = 640, Height = 360, Margin = 20;

    private static readonly (byte R, byte G, byte B) Train = (31, 119, 180), Validation = (255, 127, 14), Grid = (225, 225, 225), Axis = (80, 80, 80);

    public static void Save(string path, IReadOnlyList<(double Train, double Validation)> epochs)
    {
        var pixels = Render(epochs);
        using var raster = new InMemoryRaster(Width, Height, 3, RasterDataType.Byte);
        for (var band = 0; band < 3; band++) raster.Write<byte>(band + 1, pixels[band]);
        raster.SaveAs(path, RasterFormat.Png, overwrite: true);
    }

    /// <summary>The image as three planes (R, G, B) of Width x Height.</summary>
    public static byte[][] Render(IReadOnlyList<(double Train, double Validation)> epochs)
    {
        var planes = Enumerable.Range(0, 3).Select(_ => Enumerable.Repeat((byte)255, Width * Height).ToArray()).ToArray();
        var values = epochs.SelectMany(e => new[] { e.Train, e.Validation }).Where(double.IsFinite).ToList();
        double low = values.Count == 0 ? 0 : Math.Min(0, values.Min()), high = values.Count == 0 ? 1 : values.Max();
        if (high <= low) high = low + 1;
        int plotW = Width - 2 * Margin, plotH = Height - 2 * Margin;
        for (var i = 0; i <= 10; i++) Line(planes, Margin, Margin + plotH * i / 10, Width - Margin, Margin + plotH * i / 10, Grid);
        Line(planes, Margin, Margin, Margin, Height - Margin, Axis);
        Line(planes, Margin, Height - Margin, Width - Margin, Height - Margin, Axis);
        int X(int epoch) => Margin + (epochs.Count <= 1 ? plotW / 2 : plotW * epoch / (epochs.Count - 1));
        int Y(double v) => Margin + (int)Math.Round(plotH * (1 - (v - low) / (high - low)));
        for (var e = 0; e < epochs.Count; e++)
        {
            if (e > 0)
            {
                if (double.IsFinite(epochs[e - 1].Train) && double.IsFinite(epochs[e].Train))
                    Line(planes, X(e - 1), Y(epochs[e - 1].Train), X(e), Y(epochs[e].Train), Train);
                if (double.IsFinite(epochs[e - 1].Validation) && double.IsFinite(epochs[e].Validation))
                    Line(planes, X(e - 1), Y(epochs[e - 1].Validation), X(e), Y(epochs[e].Validation), Validation);
            }
            if (double.IsFinite(epochs[e].Train)) Dot(planes, X(e), Y(epochs[e].Train), Train);
            if (double.IsFinite(epochs[e].Validation)) Dot(planes, X(e), Y(epochs[e].Validation), Validation);
        }
        return planes;
    }

    private static void Dot(byte[][] planes, int x, int y, (byte R, byte G, byte B) colour)
    {
        for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++) Set(planes, x + dx, y + dy, colour);
    }

    /// <summary>Bresenham's line.</summary>
    private static void Line(byte[][] planes, int x0, int y0, int x1, int y1, (byte R, byte G, byte B) colour)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        while (true)
        {
            Set(planes, x0, y0, colour);
            if (x0 == x1 && y0 == y1) return;
            var e2 = 2 * error;
            if (e2 >= dy) { error += dy; x0 += sx; }
            if (e2 <= dx) { error += dx; y0 += sy; }
        }
    }

    private static void Set(byte[][] planes, int x, int y, (byte R, byte G, byte B) colour)
    {
        if ((uint)x >= Width || (uint)y >= Height) return;
        var i = y * Width + x;
        planes[0][i] = colour.R; planes[1][i] = colour.G; planes[2][i] = colour.B;
    }
}
