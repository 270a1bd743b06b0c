namespace CloudMask.Masking.Inference;

/// <summary>How a scene is cut for the model: tile size, the overlap blended between tiles, and
/// how many tiles are predicted at once.</summary>
/// <param name="TileSize">Tile width and height in pixels.</param>
/// <param name="Overlap">Pixels shared by neighbouring tiles and blended across.</param>
/// <param name="Workers">Tiles predicted at the same time, each on its share of the compute
/// threads (oneDNN's threads on the calling thread: OMP_NUM_THREADS or <c>predict --threads</c>).
/// 0: one tile per compute thread, at most <see cref="MaxAutomaticWorkers"/>. 1: one tile at a
/// time on all threads. More tiles than threads is allowed (each then gets one thread). Tiles are
/// blended in the same order either way, so the mask is the same up to oneDNN's float rounding on
/// fewer threads (byte for byte on the demo product); only speed and memory differ.</param>
public sealed record TilingOptions(int TileSize = 512, int Overlap = 64, int Workers = 0)
{
    /// <summary>Each worker holds its own network buffers (a few hundred MB for a 512 px tile), so
    /// the automatic choice stops here however many cores there are.</summary>
    public const int MaxAutomaticWorkers = 4;

    /// <summary>Returns these options, or throws when they cannot work.</summary>
    public TilingOptions Validated()
    {
        if (TileSize < 16) throw new ArgumentOutOfRangeException(nameof(TileSize), $"tile size {TileSize} is below 16 pixels");
        if (Overlap < 0 || Overlap > TileSize / 2) throw new ArgumentOutOfRangeException(nameof(Overlap), $"overlap {Overlap} must be in 0..{TileSize / 2}");
        if (Workers < 0) throw new ArgumentOutOfRangeException(nameof(Workers), $"workers {Workers} must be 0 (automatic) or more");
        return this;
    }

    /// <summary>Tiles to predict at once and oneDNN threads for each, given the caller's compute
    /// threads and, when known, how many tiles there are to share them (a strip two tiles wide
    /// keeps all threads busy with two workers, not four).</summary>
    public (int Workers, int ThreadsEach) Split(int computeThreads, int tiles = int.MaxValue)
    {
        computeThreads = Math.Max(1, computeThreads);
        var workers = Workers > 0 ? Workers : Math.Min(computeThreads, MaxAutomaticWorkers);
        workers = Math.Clamp(workers, 1, Math.Max(1, tiles));
        return (workers, Math.Max(1, computeThreads / workers));
    }
}
