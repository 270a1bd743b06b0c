namespace CloudMask.Simulation.Surface;

/// <summary>
/// The ground at one pixel: a blend of two classes (mixed pixels at field borders, sparse
/// vegetation on soil) scaled by a brightness factor for within-class variation.
/// </summary>
/// <param name="Dominant">The class that covers most of the pixel.</param>
/// <param name="Secondary">The class blended in.</param>
/// <param name="SecondaryShare">Share of <paramref name="Secondary"/>, 0..1.</param>
/// <param name="Brightness">Multiplier on the blended spectrum (texture, soil moisture, roof material).</param>
public readonly record struct SurfacePixel(LandCover Dominant, LandCover Secondary, float SecondaryShare, float Brightness)
{
    public static SurfacePixel Pure(LandCover cover, float brightness = 1f) => new(cover, cover, 0f, brightness);
}
