namespace CloudMask.Raster;

/// <summary>A rectangle of pixels: column <see cref="X"/>, row <see cref="Y"/>, size. Validated on creation.</summary>
public readonly record struct Window
{
    public Window(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0) throw new ArgumentOutOfRangeException(nameof(x), $"window origin ({x}, {y}) is negative");
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"window size {width}x{height} is empty");
        (X, Y, Width, Height) = (x, y, width, height);
    }

    public int X { get; }
    public int Y { get; }
    public int Width { get; }
    public int Height { get; }
    public long PixelCount => (long)Width * Height;

    /// <summary>The whole raster of the given size.</summary>
    public static Window Full(int width, int height) => new(0, 0, width, height);

    /// <summary>True when the window lies inside a raster of the given size.</summary>
    public bool FitsIn(int width, int height) => X + Width <= width && Y + Height <= height;

    public override string ToString() => $"{Width}x{Height}+{X}+{Y}";
}
