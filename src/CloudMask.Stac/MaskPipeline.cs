using CloudMask.Masking.Cover;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;

namespace CloudMask.Stac;

/// <summary>
/// What a user chose for masking, in one serialisable record: `predict`'s options and the
/// server's job options are the same thing.
/// </summary>
public sealed record MaskSettings
{
    /// <summary>A catalogue model name or a .safetensors file; null: the default.</summary>
    public string? Model { get; init; }
    public bool Overwrite { get; init; }
    public bool Probabilities { get; init; }
    public bool Preview { get; init; }
    public bool Uncertainty { get; init; }
    /// <summary>"entropy" (one pass) or "flips" (four passes; their disagreement).</summary>
    public string UncertaintyMethod { get; init; } = "entropy";
    /// <summary>Also estimate the scene's cover with the deep-kernel-learning model.</summary>
    public bool Cover { get; init; }
    public int? ResolutionM { get; init; }
    public int Tile { get; init; } = 512;
    /// <summary>Tiles the network works on at once; 0: automatic.</summary>
    public int TilesAtOnce { get; init; }
    public IReadOnlyList<string>? BandNames { get; init; }
    public bool KeepLoneShadows { get; init; }

    /// <summary>The model name actually used.</summary>
    public string ModelName => Model ?? ModelCatalog.DefaultName;

    /// <summary>Checks the values a user can get wrong; a one-line <see cref="ArgumentException"/> otherwise.</summary>
    public MaskSettings Validated()
    {
        if (Tile is < 32 or > 4096) throw new ArgumentException($"tile {Tile}: give 32 to 4096 pixels");
        if (TilesAtOnce < 0) throw new ArgumentException($"tiles at once {TilesAtOnce}: give 0 (automatic) or 1 or more");
        if (ResolutionM is <= 0) throw new ArgumentException($"resolution {ResolutionM}: give a pixel size in metres");
        Masking.Inference.Uncertainty.Parse(UncertaintyMethod);
        return this;
    }
}

/// <summary>
/// The one masking entry point `predict` and the job server share: inputs (paths, raster URLs, STAC
/// Items) are resolved, masked by <see cref="MaskJob"/>, and every mask gets its STAC Item
/// (STEM.item.json) beside STEM.mask.tif and STEM.mask.json.
/// </summary>
public sealed class MaskPipeline
{
    private readonly MaskJob _job;

    /// <summary>The cover model shipped beside the program (for <see cref="MaskSettings.Cover"/>).</summary>
    public static string ShippedCoverModelPath => Path.Combine(AppContext.BaseDirectory, "models", "cover-dkl.safetensors");

    public MaskPipeline(ISegmentationModel model, ModelInfo info, MaskSettings settings, string outputFolder)
    {
        settings.Validated();
        if (Masking.Inference.Uncertainty.Parse(settings.UncertaintyMethod) == UncertaintyMethod.Flips) model = new FlipEnsemble(model);
        OutputFolder = outputFolder;
        _job = new MaskJob(model, info, new MaskJobOptions(outputFolder, settings.Overwrite, settings.Probabilities,
            new TilingOptions(settings.Tile, Math.Min(64, settings.Tile / 4), settings.TilesAtOnce), settings.Preview, settings.Uncertainty,
            settings.Cover ? CoverModel.Load(ShippedCoverModelPath) : null, settings.ResolutionM, settings.BandNames, settings.KeepLoneShadows,
            [new MaskItemWriter()]));
    }

    /// <summary>Loads the settings' model and builds the pipeline.</summary>
    public static MaskPipeline Create(MaskSettings settings, string outputFolder)
    {
        var (model, info) = ModelCatalog.Load(settings.Validated().ModelName);
        return new MaskPipeline(model, info, settings, outputFolder);
    }

    public string OutputFolder { get; }

    /// <summary>The files masking <paramref name="input"/> writes; the first (STEM.mask.json) is written last, so its presence means the input is done.</summary>
    public IReadOnlyList<string> OutputsFor(IMaskInput input) => _job.OutputsFor(input.Stem);

    /// <summary>Masks one input named by the user; an Item that cannot be read is a failed outcome like any other bad input.</summary>
    public MaskJobOutcome Run(string input, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        IMaskInput resolved;
        try { resolved = MaskInputs.Resolve(input, cancellation); }
        catch (StacException e) { return new MaskJobOutcome(input, MaskJobStatus.Failed, e.Reason, [], null); }
        return Run(resolved, progress, cancellation);
    }

    public MaskJobOutcome Run(IMaskInput input, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        _job.Run(input, progress, cancellation);
}
