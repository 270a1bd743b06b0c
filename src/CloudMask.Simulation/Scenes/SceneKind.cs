namespace CloudMask.Simulation.Scenes;

/// <summary>The landscape a scene shows; decides the mix of land-cover classes.</summary>
public enum SceneKind
{
    /// <summary>Field mosaics, pasture, villages, some forest and a river.</summary>
    Agriculture,
    /// <summary>Mostly forest with clearings and lakes.</summary>
    Forest,
    /// <summary>Sand and bright bare soil: the classic false-cloud trap.</summary>
    Desert,
    /// <summary>A city with suburbs and parks.</summary>
    Urban,
    /// <summary>Coastline: open water with land.</summary>
    Coast,
    /// <summary>Mountains with snow fields and glaciers above a tree line: snow must not be called cloud.</summary>
    Snow,
    /// <summary>Marshes, ponds and wet meadows.</summary>
    Wetland,
    /// <summary>A bit of everything.</summary>
    Mixed,
}
