using System.Globalization;
using System.Security.Cryptography;
using CloudMask.Masking.Models;
using CloudMask.Nn.Modules;
using CloudMask.Raster.Spectral;
using Onnx;

namespace CloudMask.Onnx;

/// <summary>
/// Writes the project's networks as standard ONNX models (opset <see cref="OpsetVersion"/>, IR
/// version <see cref="IrVersion"/>, which onnx 1.12 and every later ONNX Runtime read) that take
/// reflectance and give class probabilities, with the band order, input scaling and classes in
/// the model's metadata (<see cref="OnnxMetadata"/>) and height and width left dynamic.
///
/// cloudmask-any is exported for one band set: its band encoder's per-band scales and shifts
/// depend on the bands alone, so they become constants, and the graph is
/// reflectance (N, B, H, W) -> x scale + shift per band and feature (a grouped 1x1 Conv) -> Relu ->
/// mean and max over bands -> Concat -> U-Net -> + logit offsets (those for the band set's coverage) -> Softmax.
/// kappamask-unet takes its own fixed bands: reflectance x (1 / band maximum) -> U-Net -> offsets -> Softmax.
/// </summary>
public static class OnnxExport
{
    public const int OpsetVersion = 17;
    public const long IrVersion = 8;
    public const string InputName = "reflectance";
    public const string OutputName = "probabilities";

    /// <summary>Exports the model a user names (a catalogue name or a .safetensors file) and records
    /// where its weights came from. Errors (unknown model, a model that is not a network, bands it
    /// cannot take) are <see cref="ArgumentException"/>s saying so in one line.</summary>
    public static OnnxNetwork Export(string model, IReadOnlyList<SpectralBand>? bands = null)
    {
        var (loaded, _) = ModelCatalog.Load(model);
        try
        {
            if (loaded is not INetworkModel network)
                throw new ArgumentException($"model '{model}' ({loaded.Id}) is not a network; only cloudmask-any and kappamask-unet weights can be exported to ONNX");
            return Export(network, bands, Provenance(ModelCatalog.WeightsPath(model)));
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    /// <summary>Exports a loaded network for <paramref name="bands"/> (null: all Sentinel-2 bands for
    /// cloudmask-any, its own bands for kappamask-unet). <paramref name="provenance"/> is added to the metadata.</summary>
    public static OnnxNetwork Export(INetworkModel model, IReadOnlyList<SpectralBand>? bands = null, IReadOnlyDictionary<string, string>? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = new OnnxGraph(model.Id);
        graph.Fresh(InputName); // reserved for the graph input
        IReadOnlyList<SpectralBand> inputBands;
        string features, architecture;
        LogitOffsets offsets;
        switch (model)
        {
            case CloudMaskAnyModel any:
                inputBands = CloudMaskAnyBands(any, bands ?? SensorBands.Sentinel2Msi);
                architecture = CloudMaskAnyOptions.ArchitectureName;
                features = BandEncoder(graph, any.Network.Encoder, inputBands);
                features = ModuleGraph.Append(graph, any.Network.Body, features, "body");
                offsets = any.Offsets.For(BandCoverages.Of(inputBands));
                break;
            case KappaMaskUNetModel kappa:
                inputBands = KappaMaskBands(kappa, bands);
                architecture = KappaMaskUNetOptions.ArchitectureName;
                var maxima = kappa.Options.BandMaxima.Select(m => 1f / m).ToArray();
                features = graph.Node("Mul", "scaled", [InputName, graph.Constant("band_scale", maxima, 1, maxima.Length, 1, 1)]);
                features = ModuleGraph.Append(graph, kappa.Network, features, "");
                offsets = kappa.Offsets.For(BandCoverages.Of(inputBands));
                break;
            default:
                throw new ArgumentException($"{model.Id}: no ONNX export for {model.GetType().Name}");
        }
        if (!offsets.IsNone)
            features = graph.Node("Add", "calibrated_logits", [features, graph.Constant("logit_offsets", offsets.Values.ToArray(), 1, offsets.Values.Count, 1, 1)]);
        graph.Node("Softmax", OutputName, [features], OnnxGraph.Int("axis", 1));

        graph.Proto.Input.Add(OnnxGraph.FloatValue(InputName,
            $"reflectance of {string.Join(",", inputBands.Select(b => b.Name))} (0-1; no data as 0), height and width multiples of {model.SizeMultiple}",
            "batch", inputBands.Count, "height", "width"));
        graph.Proto.Output.Add(OnnxGraph.FloatValue(OutputName, "softmax over clear, cloud shadow, semi-transparent cloud, cloud",
            "batch", 4, "height", "width"));

        var metadata = OnnxMetadata.Describe(model, architecture, inputBands, offsets, provenance);
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "cloudmask",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = "org.cloudmask",
            ModelVersion = 1,
            DocString = OnnxMetadata.Summary(architecture, inputBands, model.SizeMultiple),
            Graph = graph.Proto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in metadata) proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return new OnnxNetwork(proto, inputBands, model.SizeMultiple, metadata);
    }

    /// <summary>The band encoder with the per-band FiLM scales and shifts as constants:
    /// mean and max over bands of ReLU(a[b, c] r[b] + s[b, c]), as <see cref="Masking.Models.BandEncoder"/> computes them.</summary>
    private static string BandEncoder(OnnxGraph graph, BandEncoder encoder, IReadOnlyList<SpectralBand> bands)
    {
        int b = bands.Count, c = encoder.Channels;
        using var film = encoder.Film(bands);
        var values = film.ToArray();
        var scale = new float[b * c];
        var shift = new float[b * c];
        for (var band = 0; band < b; band++)
        {
            Array.Copy(values, band * 2 * c, scale, band * c, c);
            Array.Copy(values, band * 2 * c + c, shift, band * c, c);
        }
        // a r + s for every band and feature at once: a 1x1 convolution in B groups, (N, B, H, W) ->
        // (N, B x C, H, W), ReLU in place; then (N, B, C, H, W) for the mean and max over bands. One
        // tensor of B x C planes instead of the three a broadcast Mul and Add would hold at once.
        var z = graph.Node("Conv", "encoder.film", [InputName, graph.Constant("encoder.film_scale", scale, b * c, 1, 1, 1), graph.Constant("encoder.film_shift", shift, b * c)],
            OnnxGraph.Ints("kernel_shape", 1, 1), OnnxGraph.Int("group", b));
        var y = graph.Node("Relu", "encoder.relu", [z]);
        var shape = graph.Node("Shape", "encoder.input_shape", [InputName]);
        var batch = graph.Node("Slice", "encoder.batch", [shape, graph.Constant("encoder.batch_start", [0L], 1), graph.Constant("encoder.batch_end", [1L], 1)]);
        var size = graph.Node("Slice", "encoder.size", [shape, graph.Constant("encoder.size_start", [2L], 1), graph.Constant("encoder.size_end", [4L], 1)]);
        var perBand = graph.Node("Concat", "encoder.per_band_shape", [batch, graph.Constant("encoder.bands_features", [(long)b, c], 2), size], OnnxGraph.Int("axis", 0));
        y = graph.Node("Reshape", "encoder.per_band", [y, perBand]);
        var mean = graph.Node("ReduceMean", "encoder.mean", [y], OnnxGraph.Ints("axes", 1), OnnxGraph.Int("keepdims", 0));
        var max = graph.Node("ReduceMax", "encoder.max", [y], OnnxGraph.Ints("axes", 1), OnnxGraph.Int("keepdims", 0));
        return graph.Node("Concat", "encoder.features", [mean, max], OnnxGraph.Int("axis", 1));
    }

    private static IReadOnlyList<SpectralBand> CloudMaskAnyBands(CloudMaskAnyModel model, IReadOnlyList<SpectralBand> bands)
    {
        string Refuse(string reason) => $"cannot export cloudmask-any for bands {string.Join(",", bands.Select(b => b.Name))}: {reason}";
        var duplicate = bands.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException(Refuse($"{duplicate.Key} is named twice"));
        var other = bands.FirstOrDefault(b => !BandDescriptor.IsReflective(b));
        if (other is not null)
            throw new ArgumentException(Refuse($"{other.Name} is not a reflective band (centre wavelength {BandDescriptor.MinWavelengthUm}-{BandDescriptor.MaxWavelengthUm} um), "
                + "which are all the network reads; leave it out"));
        var problem = model.CheckBands(bands);
        if (problem is not null) throw new ArgumentException(Refuse(problem));
        return bands.ToArray();
    }

    private static IReadOnlyList<SpectralBand> KappaMaskBands(KappaMaskUNetModel model, IReadOnlyList<SpectralBand>? bands)
    {
        var own = model.Options.BandNames;
        if (bands is null) return own.Select(n => SensorBands.Find(n) ?? new SpectralBand(n, 0, 0)).ToArray();
        var problem = model.CheckBands(bands);
        if (problem is not null || bands.Count != own.Count)
            throw new ArgumentException($"cannot export kappamask-unet ({model.Options.BandSet}) for bands {string.Join(",", bands.Select(b => b.Name))}: "
                + $"it takes exactly its own bands {string.Join(",", own)} (give no bands)");
        return model.NetworkBands(bands).Select(i => bands[i]).ToArray();
    }

    /// <summary>Where the weights came from: file name, SHA-256 and their own metadata (training record) under "weights.".</summary>
    private static Dictionary<string, string> Provenance(string? weightsPath)
    {
        var provenance = new Dictionary<string, string>();
        if (weightsPath is null || !File.Exists(weightsPath)) return provenance;
        provenance["source_weights"] = Path.GetFileName(weightsPath);
        using (var stream = File.OpenRead(weightsPath)) provenance["source_weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream));
        foreach (var (key, value) in NetworkFile.ReadMetadata(weightsPath)) provenance[$"weights.{key}"] = value;
        return provenance;
    }
}
