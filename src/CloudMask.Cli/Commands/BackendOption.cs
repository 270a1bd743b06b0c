using System.CommandLine;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;
using CloudMask.Onnx;

namespace CloudMask.Cli.Commands;

/// <summary>--backend, shared by predict and bench predict: which engine runs the network.</summary>
internal static class BackendOption
{
    public const string Ours = "ours";
    public const string OnnxRuntime = "onnxruntime";

    public static Option<string> Create() => new("--backend")
    {
        Description = $"What runs the network: {Ours} (this project's engine on oneDNN) or {OnnxRuntime} (ONNX Runtime, CPU; "
            + "the same network exported to ONNX, on the same tiles, threads from --threads). Networks only (not hollstein).",
        DefaultValueFactory = _ => Ours,
    };

    /// <summary>The backend named, checked before any model is loaded: <see cref="Ours"/> or <see cref="OnnxRuntime"/>.</summary>
    public static string Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or Ours => Ours,
        OnnxRuntime => OnnxRuntime,
        _ => throw new ArgumentException($"--backend {text}: give {Ours} or {OnnxRuntime}"),
    };

    /// <summary>The model run by <paramref name="backend"/> (from <see cref="Parse"/>), and its description saying so.</summary>
    public static (ISegmentationModel Model, ModelInfo Info) Apply(string backend, ISegmentationModel model, ModelInfo info)
    {
        if (backend == Ours) return (model, info);
        if (model is not INetworkModel)
        {
            (model as IDisposable)?.Dispose();
            throw new ArgumentException($"--backend {OnnxRuntime} runs networks; model {info.Id} is not one (use --backend {Ours})");
        }
        return (OnnxRuntimeModel.Wrap(model), info with { Description = $"{info.Description}; network run by {OnnxRuntimeModel.EngineDescription}" });
    }
}
