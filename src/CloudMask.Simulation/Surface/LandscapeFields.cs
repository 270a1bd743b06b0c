namespace CloudMask.Simulation.Surface;

/// <summary>The smooth large-scale fields that decide land cover at a point (each about 0..1).</summary>
internal readonly record struct LandscapeFields(float Elevation, float Urban, float Forest, float Crops, float Bare, float Conifer);
