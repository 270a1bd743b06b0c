using System.Collections.Concurrent;
using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Chips;

/// <summary>
/// Makes chips: one scene per chip (its own seed), rendered at one ground sampling for all
/// bands. Bands whose native resolution is coarser than the chip's are rendered on their own
/// coarser grid and upsampled, so B05-B12 and B01/B09/B10 are as soft as in a resampled product.
/// </summary>
public static class ChipGenerator
{
    public static SimulatedChip Generate(ChipRequest request, bool parallel = false)
    {
        var sensor = request.ResolvedSensor;
        double pixel = request.ResolvedPixelSizeM;
        double extent = request.Size * pixel;
        var spec = SceneSpecFactory.Draw(request.Seed, extent, request.Kind, request.Regime, request.PartialTileChance);
        var renderer = new SceneRenderer(spec, sensor, request.Level);
        var window = RenderWindow.Whole(request.Size, request.Size, pixel);
        var raster = renderer.Render(window, parallel);
        NativeResolution.Soften(renderer, raster, window, parallel);
        return new SimulatedChip(spec, sensor, request.Level, pixel, raster);
    }

    /// <summary>
    /// Generates chips for seeds firstSeed, firstSeed+1, ... on all cores and hands each to
    /// <paramref name="consume"/> (called concurrently). Chips come out in any order; each is
    /// deterministic.
    /// </summary>
    public static void GenerateMany(int firstSeed, int count, Func<int, ChipRequest> requestForSeed, Action<SimulatedChip> consume,
        int? maxParallelism = null, CancellationToken cancellation = default)
    {
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellation,
        };
        Parallel.For(firstSeed, firstSeed + count, options, seed => consume(Generate(requestForSeed(seed))));
    }
}
