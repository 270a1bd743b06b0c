using CloudMask.Raster;
using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Gallery;

/// <summary>
/// PNG previews of rendered scenes: a true-colour image (red, green, blue bands with a fixed
/// stretch, so scenes are comparable with each other and with Sentinel-2 browse images) and
/// a palette image of the labels.
/// </summary>
public static class PreviewWriter
{
    /// <summary>Reflectance shown as full white; above it the image saturates, like a standard TCI.</summary>
    public const float WhiteReflectance = 0.32f;

    public static void WriteTrueColour(SceneRaster raster, SimulatedSensor sensor, string path, bool overwrite = false)
    {
        var (red, green, blue) = TrueColourBands(sensor);
        using var png = new InMemoryRaster(raster.Width, raster.Height, 3, RasterDataType.Byte);
        int band = 1;
        foreach (var index in new[] { red, green, blue })
        {
            var source = raster.Bands[index];
            var bytes = new byte[source.Length];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = Stretch(source[i]);
            png.Write<byte>(band++, bytes);
        }
        png.SaveAs(path, RasterFormat.Png, overwrite);
    }

    public static void WriteLabels(SceneRaster raster, string path, bool overwrite = false)
    {
        using var png = new InMemoryRaster(raster.Width, raster.Height, 1, RasterDataType.Byte);
        png.SetColorTable(1, LabelPalette.Table);
        png.Write<byte>(1, raster.Labels);
        png.SaveAs(path, RasterFormat.Png, overwrite);
    }

    /// <summary>Indices of the red, green and blue bands of a sensor (by centre wavelength).</summary>
    public static (int Red, int Green, int Blue) TrueColourBands(SimulatedSensor sensor)
    {
        int Nearest(double um) => sensor.Bands.Select((b, i) => (Distance: Math.Abs(b.CentralWavelengthUm - um), i)).MinBy(t => t.Distance).i;
        return (Nearest(0.665), Nearest(0.56), Nearest(0.49));
    }

    /// <summary>Linear up to <see cref="WhiteReflectance"/> with a mild gamma that lifts dark land.</summary>
    private static byte Stretch(float reflectance)
    {
        float v = Math.Clamp(reflectance / WhiteReflectance, 0f, 1f);
        return (byte)(255f * MathF.Pow(v, 0.8f) + 0.5f);
    }
}
