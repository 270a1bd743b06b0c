using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Scenes;

/// <summary>
/// A rendered window: band reflectances and the exact truth behind them (labels, land cover,
/// cloud optical thickness, aerosol and water vapour). Row-major arrays of Width * Height.
/// No-data pixels have reflectance 0 in every band and label 0.
/// </summary>
public sealed class SceneRaster
{
    public SceneRaster(int width, int height, int bandCount)
    {
        Width = width;
        Height = height;
        int n = width * height;
        Bands = new float[bandCount][];
        for (int b = 0; b < bandCount; b++) Bands[b] = new float[n];
        Labels = new byte[n];
        Cover = new LandCover[n];
        CloudTau = new float[n];
        AerosolOpticalThickness = new float[n];
        WaterVapourCm = new float[n];
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Reflectance per band (index as in the sensor's band list).</summary>
    public float[][] Bands { get; }

    /// <summary>Label codes, see <see cref="LabelCodes"/>.</summary>
    public byte[] Labels { get; }

    /// <summary>The dominant surface class under each pixel (also under clouds).</summary>
    public LandCover[] Cover { get; }

    /// <summary>Total cloud optical thickness seen along the view path.</summary>
    public float[] CloudTau { get; }

    /// <summary>Aerosol optical thickness at 550 nm (what an L2A AOT layer holds).</summary>
    public float[] AerosolOpticalThickness { get; }

    /// <summary>Precipitable water in cm (what an L2A WVP layer holds).</summary>
    public float[] WaterVapourCm { get; }

    /// <summary>Share of valid pixels with each label (index = label code 0..5).</summary>
    public double[] LabelFractions()
    {
        var counts = new double[6];
        foreach (var l in Labels) counts[Math.Min((int)l, 5)]++;
        for (int i = 0; i < counts.Length; i++) counts[i] /= Labels.Length;
        return counts;
    }
}
