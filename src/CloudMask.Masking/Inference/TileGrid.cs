namespace CloudMask.Masking.Inference;

/// <summary>
/// Where tiles start along one axis: every <c>tile - overlap</c> pixels, the last one flush with
/// the end, so any raster size is covered by whole tiles (a raster smaller than a tile is one
/// smaller tile).
/// </summary>
public static class TileGrid
{
    public static IReadOnlyList<int> Starts(int length, int tile, int overlap)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), "raster is empty");
        if (tile <= 0) throw new ArgumentOutOfRangeException(nameof(tile));
        if (overlap < 0 || overlap >= tile) throw new ArgumentOutOfRangeException(nameof(overlap), $"overlap {overlap} must be in 0..{tile - 1}");
        if (length <= tile) return [0];
        var stride = tile - overlap;
        var starts = new List<int>();
        for (var s = 0; s + tile < length; s += stride) starts.Add(s);
        starts.Add(length - tile);
        return starts;
    }
}

/// <summary>
/// Blend weights of a tile along one axis: 1 inside, rising as a raised cosine over
/// <c>ramp</c> pixels at every edge that borders another tile, so overlapping predictions fade
/// into each other without seams. Edges on the raster border keep weight 1: no neighbour there.
/// Weights are strictly positive, so every pixel's weights sum to more than 0.
/// </summary>
public static class BlendWeights
{
    public static float[] Along(int start, int size, int length, int ramp)
    {
        var weights = new float[size];
        for (var i = 0; i < size; i++)
        {
            var w = 1.0;
            if (start > 0 && i < ramp) w = Math.Min(w, RaisedCosine(i, ramp));
            if (start + size < length && size - 1 - i < ramp) w = Math.Min(w, RaisedCosine(size - 1 - i, ramp));
            weights[i] = (float)w;
        }
        return weights;
    }

    private static double RaisedCosine(int i, int ramp) => 0.5 - 0.5 * Math.Cos(Math.PI * (i + 0.5) / ramp);
}
