using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;
using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Tests;

/// <summary>Small helpers for reading band values of selected pixels out of a rendered scene.</summary>
internal static class SceneAssertions
{
    public static float[] Band(SceneRaster raster, SimulatedSensor sensor, string name) => raster.Bands[sensor.IndexOf(name)];

    public static IEnumerable<int> Pixels(SceneRaster raster, Func<int, bool> predicate) =>
        Enumerable.Range(0, raster.Width * raster.Height).Where(predicate);

    public static IEnumerable<int> ClearPixelsOf(SceneRaster raster, params LandCover[] covers) =>
        Pixels(raster, i => raster.Labels[i] == LabelCodes.Clear && covers.Contains(raster.Cover[i]));

    public static double NormalisedDifference(float a, float b) => (a - b) / (a + b);

    /// <summary>Asserts that every label agrees with the optical depth it was cut from (cloud from
    /// <see cref="LabelRules.ThickCloudTau"/>, thin from <see cref="LabelRules.ThinCloudTau"/>, clear and
    /// shadow below); returns the label codes seen.</summary>
    public static HashSet<byte> LabelsFollowOpticalDepth(byte[] labels, float[] depth)
    {
        Assert.Equal(labels.Length, depth.Length);
        var seen = new HashSet<byte>();
        for (var i = 0; i < labels.Length; i++)
        {
            seen.Add(labels[i]);
            switch (labels[i])
            {
                case LabelCodes.Cloud: Assert.True(depth[i] >= LabelRules.ThickCloudTau, $"cloud pixel {i} has optical depth {depth[i]}"); break;
                case LabelCodes.SemiTransparent: Assert.InRange(depth[i], LabelRules.ThinCloudTau, LabelRules.ThickCloudTau); break;
                case LabelCodes.Clear or LabelCodes.Shadow: Assert.True(depth[i] < LabelRules.ThinCloudTau, $"pixel {i} labelled {labels[i]} has optical depth {depth[i]}"); break;
            }
        }
        return seen;
    }

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        Assert.NotEmpty(sorted);
        return sorted[(int)Math.Clamp(p * (sorted.Length - 1), 0, sorted.Length - 1)];
    }
}
