using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Surface;

/// <summary>
/// Area fractions of the main land-cover classes of a scene kind. The fractions are targets:
/// the landscape model turns each into a threshold on its own noise field, so classes come
/// in patches with realistic shapes rather than in exact proportions.
/// </summary>
/// <param name="Water">Lakes, rivers, sea: lowest ground.</param>
/// <param name="Snow">Snow above a snow line: highest ground (ice on the very highest part of it).</param>
/// <param name="Wetland">Wet ground next to water.</param>
/// <param name="Urban">Built-up areas.</param>
/// <param name="Crops">Field mosaics.</param>
/// <param name="Forest">Forest patches.</param>
/// <param name="Bare">Bare soil (or sand in deserts) in the remaining land; the rest is grassland.</param>
/// <param name="DesertSand">Whether bare ground is sand (desert) rather than soil.</param>
/// <param name="Arid">Whether land that is none of the above is rock and soil (deserts) rather than grassland.</param>
public sealed record LandscapeRecipe(
    double Water, double Snow, double Wetland, double Urban, double Crops, double Forest, double Bare, bool DesertSand = false, bool Arid = false)
{
    public static LandscapeRecipe For(SceneKind kind) => kind switch
    {
        SceneKind.Agriculture => new(Water: 0.05, Snow: 0, Wetland: 0.02, Urban: 0.06, Crops: 0.60, Forest: 0.25, Bare: 0.10),
        SceneKind.Forest => new(Water: 0.08, Snow: 0, Wetland: 0.04, Urban: 0.01, Crops: 0.08, Forest: 0.75, Bare: 0.05),
        SceneKind.Desert => new(Water: 0.01, Snow: 0, Wetland: 0, Urban: 0.02, Crops: 0.04, Forest: 0, Bare: 0.85, DesertSand: true, Arid: true),
        SceneKind.Urban => new(Water: 0.06, Snow: 0, Wetland: 0, Urban: 0.55, Crops: 0.25, Forest: 0.25, Bare: 0.10),
        SceneKind.Coast => new(Water: 0.45, Snow: 0, Wetland: 0.05, Urban: 0.08, Crops: 0.35, Forest: 0.30, Bare: 0.15),
        SceneKind.Snow => new(Water: 0.04, Snow: 0.50, Wetland: 0, Urban: 0.01, Crops: 0.05, Forest: 0.55, Bare: 0.30),
        SceneKind.Wetland => new(Water: 0.22, Snow: 0, Wetland: 0.30, Urban: 0.02, Crops: 0.25, Forest: 0.30, Bare: 0.05),
        _ => new(Water: 0.12, Snow: 0.08, Wetland: 0.05, Urban: 0.08, Crops: 0.35, Forest: 0.30, Bare: 0.15),
    };
}
