using CloudMask.Masking.Classes;
using CloudMask.Masking.Plotting;

namespace CloudMask.Labelling;

/// <summary>
/// Pictures for checking derived labels by eye: the pair and its label side by side, and how the
/// visible brightening is spread over the classes the rule gave (what the thresholds cut).
/// </summary>
public static class PairLabelSheets
{
    /// <summary>Cloudy true colour | clear true colour | label in the mask colours (undefined in magenta) | and, when
    /// given, the true label (simulated pairs) for comparison.</summary>
    public static Canvas Preview(PairImages images, PairLabels labels, byte[]? truth = null)
    {
        int w = images.Width, h = images.Height, panels = truth is null ? 3 : 4;
        var canvas = new Canvas(panels * (w + 4) - 4, h);
        canvas.Fill(0, 0, canvas.Width - 1, h - 1, (255, 255, 255));
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                canvas.Set(x, y, TrueColour(images.Cloudy, i));
                canvas.Set(w + 4 + x, y, TrueColour(images.Clear, i));
                canvas.Set(2 * (w + 4) + x, y, Colour(labels.Codes[i]));
                if (truth is not null) canvas.Set(3 * (w + 4) + x, y, Colour(truth[i]));
            }
        return canvas;
    }

    private static (byte, byte, byte) Colour(byte code)
    {
        var (r, g, b, _) = MaskClasses.Colour((MaskClass)code);
        return (r, g, b);
    }

    /// <summary>Number of pixels (log10) per visible brightening, one line per derived class.</summary>
    public static Canvas Histogram(PairLabels labels, string title)
    {
        const double low = -0.10, high = 0.50, step = 0.02;
        var bins = (int)Math.Round((high - low) / step);
        var x = Enumerable.Range(0, bins).Select(b => Math.Round(low + (b + 0.5) * step, 2)).ToArray();
        var series = new List<ChartSeries>();
        foreach (var c in new[] { MaskClass.Clear, MaskClass.CloudShadow, MaskClass.SemiTransparentCloud, MaskClass.Cloud, MaskClass.Undefined })
        {
            var counts = new double[bins];
            for (var i = 0; i < labels.Codes.Length; i++)
            {
                if (labels.Codes[i] != (byte)c || !float.IsFinite(labels.VisibleDifference[i])) continue;
                var b = (int)Math.Floor((Math.Clamp(labels.VisibleDifference[i], low, high - 1e-6) - low) / step);
                counts[b]++;
            }
            if (counts.Sum() == 0) continue;
            var (r, g, bl, _) = MaskClasses.Colour(c);
            // White cloud would vanish on the white chart: draw it grey.
            series.Add(new ChartSeries(MaskClasses.Name(c), c == MaskClass.Cloud ? ((byte)120, (byte)120, (byte)120) : (r, g, bl),
                counts.Select(n => n > 0 ? Math.Log10(n) : double.NaN).ToArray()));
        }
        return Charts.Lines(title, "visible brightening, cloudy minus clear (reflectance)", "log10 pixels", x, series, width: 900);
    }

    private static (byte, byte, byte) TrueColour(Func<PairRole, float[]> image, int i)
    {
        static byte Scale(float v) => (byte)Math.Clamp(255 * Math.Pow(Math.Clamp(v / 0.3f, 0, 1), 1 / 1.5), 0, 255);
        return (Scale(image(PairRole.Red)[i]), Scale(image(PairRole.Green)[i]), Scale(image(PairRole.Blue)[i]));
    }
}
