using CloudMask.Simulation.Atmosphere;

namespace CloudMask.Simulation.Scenes;

/// <summary>
/// Everything that defines a simulated scene. Rendering is a pure function of this record and
/// the window asked for, so the same spec always gives the same pixels.
/// </summary>
/// <param name="Seed">Seeds every noise field of the scene.</param>
/// <param name="Kind">The landscape.</param>
/// <param name="Clouds">Cloud cover, thickness and heights.</param>
/// <param name="Geometry">Sun and view angles (they place shadows and parallax).</param>
/// <param name="AerosolOpticalThickness">Mean AOT at 550 nm; haze patches vary around it.</param>
/// <param name="HazeVariation">Relative spatial variation of AOT (0: uniform, 1: patches from 0 to 2x the mean).</param>
/// <param name="WaterVapourCm">Mean precipitable water (cm); it is what darkens B09 and blanks B10 on the ground.</param>
/// <param name="Swath">Where the data ends, or null for a full scene.</param>
public sealed record SceneSpec(
    int Seed,
    SceneKind Kind,
    CloudRecipe Clouds,
    SunViewGeometry Geometry,
    double AerosolOpticalThickness = 0.12,
    double HazeVariation = 0.5,
    double WaterVapourCm = 1.8,
    SwathEdge? Swath = null)
{
    /// <summary>A cloud-free scene of a kind, with mid-latitude summer angles.</summary>
    public static SceneSpec ClearSky(int seed, SceneKind kind) =>
        new(seed, kind, CloudRecipe.Clear, new SunViewGeometry(35, 150, 5, 105));
}
