using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// A tile of reflectance handed to a model: band-major planes of Width x Height values, NaN
/// where the input has no data.
/// </summary>
public sealed class SpectralTile
{
    public SpectralTile(IReadOnlyList<SpectralBand> bands, int width, int height, float[][] planes)
    {
        if (planes.Length != bands.Count) throw new ArgumentException($"{planes.Length} planes for {bands.Count} bands");
        if (planes.Any(p => p.Length < width * height)) throw new ArgumentException("a plane is smaller than the tile");
        (Bands, Width, Height, Planes) = (bands, width, height, planes);
    }

    public IReadOnlyList<SpectralBand> Bands { get; }
    public int Width { get; }
    public int Height { get; }
    public float[][] Planes { get; }

    /// <summary>The plane of the band with this name; throws naming the missing band.</summary>
    public float[] Plane(string name)
    {
        for (var i = 0; i < Bands.Count; i++)
            if (string.Equals(Bands[i].Name, name, StringComparison.OrdinalIgnoreCase)) return Planes[i];
        throw new KeyNotFoundException($"band {name} is not in the input (it has {string.Join(", ", Bands.Select(b => b.Name))})");
    }
}
