using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Chips;

/// <summary>A simulated chip: the spec it came from, the sensor, and the rendered pixels with their truth.</summary>
public sealed record SimulatedChip(SceneSpec Spec, SimulatedSensor Sensor, RadiometricLevel Level, double PixelSizeM, SceneRaster Raster)
{
    public int Width => Raster.Width;
    public int Height => Raster.Height;
}
