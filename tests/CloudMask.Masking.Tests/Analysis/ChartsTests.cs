using CloudMask.Masking.Analysis;
using CloudMask.Masking.Plotting;

namespace CloudMask.Masking.Tests.Analysis;

public class ChartsTests
{
    private static readonly (byte, byte, byte) Red = (220, 20, 20), Blue = (20, 20, 220);

    private static List<(int X, int Y)> PixelsOf(Canvas canvas, (byte, byte, byte) colour) =>
        (from y in Enumerable.Range(0, canvas.Height) from x in Enumerable.Range(0, canvas.Width) where canvas[x, y] == colour select (x, y)).ToList();

    [Fact]
    public void Bars_rise_from_zero_for_positive_values_and_hang_below_it_for_negative_ones()
    {
        var canvas = Charts.Bars("T", "y", ["a", "b"], [new ChartSeries("s", Red, [2.0, -1.0])], 400, 300);
        var red = PixelsOf(canvas, Red).Where(p => p.Y > 40).ToList(); // below the legend
        var left = red.Where(p => p.X < 224).ToList(); // group 0 spans x 64..224, its bar 80..206
        var right = red.Where(p => p.X >= 224).ToList();
        Assert.NotEmpty(left);
        Assert.NotEmpty(right);
        // The positive bar ends where the negative one starts (the zero line) and is twice as tall.
        var zero = left.Max(p => p.Y);
        Assert.InRange(right.Min(p => p.Y) - zero, 0, 2);
        var up = zero - left.Min(p => p.Y);
        var down = right.Max(p => p.Y) - right.Min(p => p.Y);
        Assert.InRange(up / (double)down, 1.9, 2.1);
    }

    [Fact]
    public void Lines_put_higher_values_higher_and_text_inks_pixels()
    {
        var canvas = Charts.Lines("T", "x", "y", [0, 1], [new ChartSeries("up", Blue, [0.2, 0.8])], 400, 300);
        var blue = PixelsOf(canvas, Blue).Where(p => p.Y > 40).ToList();
        var start = blue.Where(p => p.X < 150).ToList();
        var end = blue.Where(p => p.X > 300).ToList();
        Assert.True(end.Average(p => p.Y) < start.Average(p => p.Y));
        var blank = new Canvas(20, 10);
        blank.Text(0, 0, "A", Red);
        Assert.True(PixelFont.Ink('A', 0, 1));
        Assert.Equal(PixelsOf(blank, Red).Count, Enumerable.Range(0, 7).Sum(y => Enumerable.Range(0, 5).Count(x => PixelFont.Ink('a', x, y))));
    }
}
