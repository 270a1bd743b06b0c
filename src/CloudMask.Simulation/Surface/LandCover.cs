namespace CloudMask.Simulation.Surface;

/// <summary>The surface classes the simulator paints. Each has a typical spectrum in <see cref="ReflectanceLibrary"/>.</summary>
public enum LandCover : byte
{
    Vegetation,
    Crops,
    Forest,
    BareSoil,
    Sand,
    Urban,
    Water,
    Snow,
    Ice,
    Wetland,
    /// <summary>Dark needle-leaf (spruce, pine) canopy: about half the broadleaf forest's NIR and SWIR.</summary>
    Conifer,
}
