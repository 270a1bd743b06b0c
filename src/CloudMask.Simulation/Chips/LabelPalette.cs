using CloudMask.Masking.Classes;
using CloudMask.Raster;

namespace CloudMask.Simulation.Chips;

/// <summary>
/// Display colours of the label codes 0..5 for label files and gallery images, taken from
/// <see cref="MaskClasses.Colour"/> except that missing is opaque black (PNG viewers show
/// transparent pixels as the page background, which hides the no-data area).
/// </summary>
public static class LabelPalette
{
    public static ColorTable Table { get; } = new(MaskClasses.All.Select(c =>
    {
        var (r, g, b, a) = MaskClasses.Colour(c);
        return c == MaskClass.Missing ? new ColorEntry(0, 0, 0) : new ColorEntry(r, g, b, a);
    }));
}
