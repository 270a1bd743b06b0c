using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Chips;

/// <summary>
/// Gives bands coarser than the chip grid their native softness: renders them on their own
/// grid (20 or 60 m) and resamples bilinearly onto the chip grid, as a product reader
/// upsampling 20/60 m bands to 10 m would. Labels stay exact at the chip resolution.
/// </summary>
internal static class NativeResolution
{
    public static void Soften(SceneRenderer renderer, SceneRaster raster, RenderWindow window, bool parallel)
    {
        var groups = renderer.Sensor.Bands
            .Select((band, index) => (band.ResolutionM, index))
            .Where(b => b.ResolutionM > window.PixelSizeM * 1.5)
            .GroupBy(b => b.ResolutionM);
        foreach (var group in groups)
        {
            double coarse = group.Key;
            var indices = group.Select(g => g.index).ToArray();
            // One coarse pixel of margin on every side so that bilinear weights always have neighbours.
            int width = (int)Math.Ceiling(window.Width * window.PixelSizeM / coarse) + 2;
            int height = (int)Math.Ceiling(window.Height * window.PixelSizeM / coarse) + 2;
            var coarseWindow = new RenderWindow(window.OriginXM - coarse, window.OriginYM - coarse, coarse, width, height);
            var low = renderer.Render(coarseWindow, parallel, indices);
            for (int k = 0; k < indices.Length; k++)
                Upsample(low.Bands[k], width, height, coarseWindow, raster.Bands[indices[k]], raster.Labels, window);
        }
    }

    private static void Upsample(float[] source, int sw, int sh, RenderWindow from, float[] target, byte[] labels, RenderWindow to)
    {
        double scale = to.PixelSizeM / from.PixelSizeM;
        double offsetX = (to.OriginXM - from.OriginXM) / from.PixelSizeM, offsetY = (to.OriginYM - from.OriginYM) / from.PixelSizeM;
        for (int row = 0; row < to.Height; row++)
        {
            double v = offsetY + (row + 0.5) * scale - 0.5;
            int y0 = Math.Clamp((int)Math.Floor(v), 0, sh - 2);
            float ty = (float)Math.Clamp(v - y0, 0, 1);
            for (int col = 0; col < to.Width; col++)
            {
                int i = row * to.Width + col;
                if (labels[i] == LabelCodes.Missing) continue; // the edge of the data stays sharp
                double u = offsetX + (col + 0.5) * scale - 0.5;
                int x0 = Math.Clamp((int)Math.Floor(u), 0, sw - 2);
                float tx = (float)Math.Clamp(u - x0, 0, 1);
                int a = y0 * sw + x0;
                float top = source[a] + (source[a + 1] - source[a]) * tx;
                float bottom = source[a + sw] + (source[a + sw + 1] - source[a + sw]) * tx;
                target[i] = top + (bottom - top) * ty;
            }
        }
    }
}
