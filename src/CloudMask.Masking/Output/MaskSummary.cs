using System.Text.Json;
using System.Text.Json.Serialization;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Output;

/// <summary>The JSON written next to every mask: what was masked, with what, what came out, how long it took.</summary>
public sealed record MaskSummary(
    string Input,
    string Mask,
    ModelInfo Model,
    int Width,
    int Height,
    string? Crs,
    double[]? GeoTransform,
    IReadOnlyList<string> Bands,
    double ValidPercent,
    double CloudCoverPercent,
    IReadOnlyDictionary<string, double> ClassPercent,
    IReadOnlyDictionary<string, string> InputMetadata,
    IReadOnlyDictionary<string, double> TimingsSeconds,
    string Software,
    DateTimeOffset Created)
{
    public static MaskSummary Describe(ISpectralSource source, string maskPath, ModelInfo model, PredictionResult result,
        IReadOnlyDictionary<string, string> inputMetadata, IReadOnlyDictionary<string, double> timings) => new(
        source.Path, maskPath, model, result.Width, result.Height, source.Crs,
        source.GeoTransform is { } t ? [t.OriginX, t.PixelWidth, t.RowRotation, t.OriginY, t.ColumnRotation, t.PixelHeight] : null,
        source.SpectralBands.Select(b => b.Name).ToList(),
        Round(result.ValidPercent), Round(result.CloudCoverPercent),
        MaskClasses.Predicted.ToDictionary(MaskClasses.Name, c => Round(result.PercentOfValid(c))),
        inputMetadata, timings.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3)),
        $"cloudmask {typeof(MaskSummary).Assembly.GetName().Version}", DateTimeOffset.UtcNow)
    {
        ShadowCheck = result.ShadowCheck,
    };

    /// <summary>The deep-kernel-learning cover estimate (predict --cover); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Cover.CoverEstimateSummary? CoverEstimate { get; init; }

    /// <summary>
    /// The shadow check (<see cref="LoneShadowFilter"/>): how far a shadow may lie from a cloud
    /// and how many shadow pixels no cloud that near could cast were set to clear; absent when it was off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShadowCheck? ShadowCheck { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    private static double Round(double v) => double.IsNaN(v) ? 0 : Math.Round(v, 4);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>Which model made a mask.</summary>
public sealed record ModelInfo(string Id, string Version, string Description);
