namespace CloudMask.Masking.Inference;

/// <summary>How a scene is cut for the model: tile size and the overlap blended between tiles.</summary>
public sealed record TilingOptions(int TileSize = 512, int Overlap = 64)
{
    /// <summary>Returns these options, or throws when they cannot work.</summary>
    public TilingOptions Validated()
    {
        if (TileSize < 16) throw new ArgumentOutOfRangeException(nameof(TileSize), $"tile size {TileSize} is below 16 pixels");
        if (Overlap < 0 || Overlap > TileSize / 2) throw new ArgumentOutOfRangeException(nameof(Overlap), $"overlap {Overlap} must be in 0..{TileSize / 2}");
        return this;
    }
}
