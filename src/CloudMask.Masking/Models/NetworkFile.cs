using CloudMask.Nn.Models;
using CloudMask.Nn.Serialization;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Models;

/// <summary>
/// Reads and writes the project's networks as self-describing safetensors: the metadata names
/// the architecture ("architecture") and holds its hyper-parameters, so a file alone rebuilds
/// its model. Optional metadata "model_id" becomes the model's <see cref="ISegmentationModel.Id"/>.
/// </summary>
public static class NetworkFile
{
    public const string ModelIdKey = "model_id";

    public static void Save(string path, CloudMaskAnyNetwork network, IReadOnlyDictionary<string, string>? extra = null) =>
        Write(path, network.StateDict(), network.Options.ToMetadata(), extra);

    public static void Save(string path, KappaMaskUNetOptions options, Nn.Modules.Module network, IReadOnlyDictionary<string, string>? extra = null) =>
        Write(path, network.StateDict(), options.ToMetadata(), extra);

    /// <summary>Loads a weights file as a ready model; errors name the file and the reason.</summary>
    public static ISegmentationModel Load(string path)
    {
        var (tensors, metadata) = Read(path);
        try
        {
            var architecture = metadata.GetValueOrDefault("architecture");
            var id = metadata.GetValueOrDefault(ModelIdKey) ?? $"{architecture}@{Path.GetFileNameWithoutExtension(path)}";
            switch (architecture)
            {
                case CloudMaskAnyOptions.ArchitectureName:
                {
                    var network = new CloudMaskAnyNetwork(CloudMaskAnyOptions.FromMetadata(metadata));
                    LoadState(path, network, tensors);
                    return new CloudMaskAnyModel(network, id) { Offsets = LogitOffsetTable.FromMetadata(metadata) };
                }
                case KappaMaskUNetOptions.ArchitectureName:
                {
                    var options = KappaMaskUNetOptions.FromMetadata(metadata);
                    var network = UNet.Build(options.ToUNetOptions());
                    LoadState(path, network, tensors);
                    return new KappaMaskUNetModel(options, network, id) { Offsets = LogitOffsetTable.FromMetadata(metadata) };
                }
                default:
                    throw new InvalidDataException($"{path}: unknown architecture '{architecture}' (known: {CloudMaskAnyOptions.ArchitectureName}, {KappaMaskUNetOptions.ArchitectureName})");
            }
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Writes a copy of the weights file <paramref name="source"/> to <paramref name="target"/>
    /// with some metadata set (added or replaced); the tensors are copied as they are.</summary>
    public static void SaveCopy(string source, string target, IReadOnlyDictionary<string, string> changes, bool overwrite)
    {
        if (File.Exists(target) && !overwrite) throw new Raster.OutputExistsException(target);
        var (tensors, metadata) = Read(source);
        try
        {
            foreach (var (k, v) in changes) metadata[k] = v;
            WriteFile(target, tensors, metadata);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>The metadata of a weights file (architecture, hyper-parameters, training record).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        var (tensors, metadata) = Read(path);
        foreach (var t in tensors.Values) t.Dispose();
        return metadata;
    }

    /// <summary>Reads the tensors and metadata of a weights file, with errors naming it.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such weights file", path);
        try
        {
            return Safetensors.Load(path);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a readable safetensors file ({e.Message})", e);
        }
    }

    internal static void LoadState(string path, Nn.Modules.Module network, IReadOnlyDictionary<string, Tensor> tensors)
    {
        try
        {
            network.LoadStateDict(tensors, strict: true);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{path}: the weights do not fit the architecture in its metadata ({e.Message})", e);
        }
    }

    private static void Write(string path, IReadOnlyDictionary<string, Tensor> state, IReadOnlyDictionary<string, string> architecture,
        IReadOnlyDictionary<string, string>? extra)
    {
        var metadata = new Dictionary<string, string>(architecture);
        if (extra is not null)
            foreach (var (k, v) in extra)
                if (!metadata.TryAdd(k, v)) throw new ArgumentException($"metadata key '{k}' is reserved for the architecture", nameof(extra));
        WriteFile(path, state, metadata);
    }

    private static void WriteFile(string path, IReadOnlyDictionary<string, Tensor> state, IReadOnlyDictionary<string, string> metadata)
    {
        // Write beside the target and rename, so a crash never leaves a half-written weights file.
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        Safetensors.Save(temporary, state, metadata);
        File.Move(temporary, path, overwrite: true);
    }
}
