namespace CloudMask.Raster;

/// <summary>One RGBA entry of a palette.</summary>
public readonly record struct ColorEntry(byte R, byte G, byte B, byte A = 255);

/// <summary>A palette for a single-band class raster: entry i is the colour of value i.</summary>
public sealed class ColorTable
{
    public ColorTable(IEnumerable<ColorEntry> entries)
    {
        Entries = entries.ToArray();
        if (Entries.Count is 0 or > 65536) throw new ArgumentException("a colour table needs 1 to 65536 entries", nameof(entries));
    }

    public IReadOnlyList<ColorEntry> Entries { get; }
}
