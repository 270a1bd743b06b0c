using System.Collections.Concurrent;
using CloudMask.Masking.Models;
using ComputeThreads = CloudMask.Nn.Inference.ComputeThreads;
using CloudMask.Raster.Spectral;
using Microsoft.ML.OnnxRuntime;

namespace CloudMask.Onnx;

/// <summary>
/// The second backend: a network of this project (<see cref="INetworkModel"/>) run by ONNX Runtime
/// (CPU execution provider) instead of our engine, on the same tiles of the same tiled predictor.
/// For each band set the tiles bring, the network is exported (<see cref="OnnxExport"/>) in memory
/// and loaded into ONNX Runtime sessions; the tile goes in with <see cref="NetworkTile.Fill"/> and
/// the probabilities come back with <see cref="NetworkTile.Crop"/>, as for our engine.
///
/// Threads: a session uses the calling thread's compute threads (<see cref="ComputeThreads"/>:
/// predict --threads, or each parallel tile's share), fixed when the session is made; callers on
/// several threads each borrow a session of their own, as with our engine's session pool.
/// </summary>
public sealed class OnnxRuntimeModel : ISegmentationModel, IDisposable
{
    private const int ClassCount = 4;
    private readonly INetworkModel network;
    private readonly ConcurrentDictionary<(string Bands, int Threads), ConcurrentBag<Runner>> idle = new();
    private readonly ConcurrentBag<Runner> all = [];
    private readonly Lock exporting = new();
    private int disposed;

    public OnnxRuntimeModel(INetworkModel network) => this.network = network ?? throw new ArgumentNullException(nameof(network));

    /// <summary>Wraps <paramref name="model"/> to run on ONNX Runtime; a model that is not a network is refused.</summary>
    public static OnnxRuntimeModel Wrap(ISegmentationModel model) => model as OnnxRuntimeModel
        ?? (model is INetworkModel network ? new OnnxRuntimeModel(network)
            : throw new ArgumentException($"ONNX Runtime runs networks; model {model.Id} is not one"));

    /// <summary>"ONNX Runtime 1.32.0 (CPU)": what runs the network, for reports.</summary>
    public static string EngineDescription => $"ONNX Runtime {OrtEnv.Instance().GetVersionString()} (CPU)";

    public INetworkModel Network => network;

    /// <summary>The network's own id: the masks are the same model's, run by another engine.</summary>
    public string Id => network.Id;

    public int ContextPixels => network.ContextPixels;

    /// <summary>ONNX Runtime sessions made so far (one per band set and concurrent caller).</summary>
    public int SessionCount => all.Count;

    public string? CheckBands(IReadOnlyList<SpectralBand> bands) => network.CheckBands(bands);

    public void Predict(SpectralTile tile, Span<float> probabilities)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var indices = network.NetworkBands(tile.Bands);
        var bands = indices.Select(i => tile.Bands[i]).ToArray();
        var key = (BandKey(bands), ComputeThreads.Current);
        var pool = idle.GetOrAdd(key, _ => []);
        if (!pool.TryTake(out var runner)) runner = NewRunner(bands, key.Current);
        try
        {
            int pw = NetworkTile.PaddedSize(tile.Width, network.SizeMultiple), ph = NetworkTile.PaddedSize(tile.Height, network.SizeMultiple);
            var (input, output) = runner.Buffers(bands.Length, ph, pw);
            NetworkTile.Fill(tile, indices, null, network.SizeMultiple, input);
            runner.Run(bands.Length, ph, pw);
            NetworkTile.Crop(output, ClassCount, pw, ph, tile.Width, tile.Height, probabilities);
        }
        finally
        {
            pool.Add(runner);
        }
    }

    private Runner NewRunner(IReadOnlyList<SpectralBand> bands, int threads)
    {
        // Exports are cheap (constants from the weights) but not worth doing twice at once.
        byte[] bytes;
        lock (exporting) bytes = OnnxExport.Export(network, bands).ToByteArray();
        var runner = new Runner(bytes, threads);
        all.Add(runner);
        return runner;
    }

    private static string BandKey(IEnumerable<SpectralBand> bands) =>
        string.Join(";", bands.Select(b => FormattableString.Invariant($"{b.Name}:{b.CentralWavelengthUm:R}:{b.FwhmUm:R}")));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var runner in all) runner.Dispose();
        (network as IDisposable)?.Dispose();
    }

    /// <summary>One ONNX Runtime session with input and output buffers of its own (reused while the tile size stays).</summary>
    private sealed class Runner : IDisposable
    {
        private readonly InferenceSession session;
        private readonly RunOptions runOptions = new();
        private float[] input = [], output = [];

        public Runner(byte[] model, int threads)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                // Without ONNX Runtime's memory arena, a 1098 px product took 1.3 GiB at peak instead of
                // 2.2 GiB (two tiles at once), at no speed cost we could measure.
                EnableCpuMemArena = false,
            };
            session = new InferenceSession(model, options);
        }

        public (float[] Input, float[] Output) Buffers(int bands, int height, int width)
        {
            if (input.Length != bands * height * width) input = new float[bands * height * width];
            if (output.Length != ClassCount * height * width) output = new float[ClassCount * height * width];
            return (input, output);
        }

        public void Run(int bands, int height, int width)
        {
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, bands, height, width]);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, ClassCount, height, width]);
            session.Run(runOptions, [OnnxExport.InputName], [inputValue], [OnnxExport.OutputName], [outputValue]);
        }

        public void Dispose()
        {
            session.Dispose();
            runOptions.Dispose();
        }
    }
}
