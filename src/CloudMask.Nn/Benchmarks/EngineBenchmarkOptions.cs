namespace CloudMask.Nn.Benchmarks;

/// <summary>Sizes of the engine benchmark; the defaults are the (one place).</summary>
public sealed record EngineBenchmarkOptions
{
    public int ConvSize { get; init; } = 512;
    public int TileSize { get; init; } = 512;
    public int Bands { get; init; } = 14;
    public int Classes { get; init; } = 6;
    public int BaseFilters { get; init; } = 32;
    public int TrainBatch { get; init; } = 4;
    public int TrainSize { get; init; } = 256;
    public int Runs { get; init; } = 5;

    public void Validate()
    {
        if (ConvSize < 8) throw new ArgumentOutOfRangeException(nameof(ConvSize));
        if (TileSize < 16 || TileSize % 16 != 0) throw new ArgumentOutOfRangeException(nameof(TileSize), "Must be a multiple of 16 (four poolings).");
        if (TrainSize < 16 || TrainSize % 16 != 0) throw new ArgumentOutOfRangeException(nameof(TrainSize), "Must be a multiple of 16 (four poolings).");
        if (Bands <= 0 || Classes <= 0 || BaseFilters <= 0 || TrainBatch <= 0) throw new ArgumentException("Sizes must be positive.");
        if (Runs <= 0) throw new ArgumentOutOfRangeException(nameof(Runs));
    }
}
