namespace CloudMask.Simulation.Scenes;

/// <summary>
/// A rectangle of a scene to render: its top-left corner in scene metres (x east, y south),
/// the pixel size and the size in pixels. Pixel values are sampled at pixel centres.
/// </summary>
public readonly record struct RenderWindow(double OriginXM, double OriginYM, double PixelSizeM, int Width, int Height)
{
    public static RenderWindow Whole(int width, int height, double pixelSizeM) => new(0, 0, pixelSizeM, width, height);

    /// <summary>Rows [firstRow, firstRow + rows) of this window.</summary>
    public RenderWindow Rows(int firstRow, int rows) =>
        this with { OriginYM = OriginYM + firstRow * PixelSizeM, Height = rows };
}
