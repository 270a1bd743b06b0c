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
    public static SimulatedChip Generate(ChipRequest request, bool parallel = false) => Render(Spec(request), request, parallel);

    /// <summary>
    /// The chip of <paramref name="request"/> and the same scene without its clouds: one landscape, sun
    /// and atmosphere, as a cloudy and a cloud-free acquisition would show it at their best (the
    /// pairs `labels from-pairs` derives labels from; the cloudy chip's labels are the truth).
    /// </summary>
    public static (SimulatedChip Cloudy, SimulatedChip Clear) GeneratePair(ChipRequest request, bool parallel = false)
    {
        var spec = Spec(request);
        var cloudFree = spec with { Clouds = Atmosphere.CloudRecipe.Clear with { CirrusHeightM = spec.Clouds.CirrusHeightM } };
        return (Render(spec, request, parallel), Render(cloudFree, request, parallel));
    }

    private static SceneSpec Spec(ChipRequest request) =>
        SceneSpecFactory.Draw(request.Seed, request.Size * request.ResolvedPixelSizeM, request.Kind, request.Regime, request.PartialTileChance);

    private static SimulatedChip Render(SceneSpec spec, ChipRequest request, bool parallel)
    {
        var sensor = request.ResolvedSensor;
        double pixel = request.ResolvedPixelSizeM;
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
