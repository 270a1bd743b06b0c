using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Serialization;

/// <summary>Reads and writes the safetensors format (huggingface/safetensors): an 8-byte
/// little-endian header length, a JSON header {name: {dtype, shape, data_offsets: [begin, end]},
/// "__metadata__": {string: string}}, then the raw little-endian tensor bytes. Only F32 is
/// written or read. The header is padded with spaces to a multiple of 8 bytes, as the reference
/// implementation does, so the data stays aligned. PyTorch reads these files with
/// safetensors.torch.load_file.</summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var stream = File.Create(path);
        Write(stream, tensors, metadata);
    }

    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        // Sorted names: the same model always gives the same bytes.
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) meta[k] = v;
            header[MetadataKey] = meta;
        }
        long offset = 0;
        foreach (var name in names)
        {
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved.", nameof(tensors));
            var t = tensors[name];
            var bytes = t.Length * sizeof(float);
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.ToArray().Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + bytes)),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        foreach (var name in names)
        {
            var span = tensors[name].Span;
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(span));
        }
    }

    /// <summary>Reads all tensors (new, caller-owned) and the metadata.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(Stream stream)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes) throw new InvalidDataException($"Not a safetensors file: header length {headerLength}.");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try { header = JsonNode.Parse(headerBytes)?.AsObject() ?? throw new InvalidDataException("Empty safetensors header."); }
        catch (JsonException e) { throw new InvalidDataException("The safetensors header is not valid JSON.", e); }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header[MetadataKey] is JsonObject meta)
            foreach (var (k, v) in meta) metadata[k] = v?.GetValue<string>() ?? "";

        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey) continue;
            var entry = node as JsonObject ?? throw new InvalidDataException($"'{name}' is not an object.");
            var dtype = entry["dtype"]?.GetValue<string>();
            if (dtype != "F32") throw new InvalidDataException($"'{name}' has dtype {dtype}; only F32 is supported.");
            var shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            var offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets.Length != 2 || offsets[1] - offsets[0] != shape.Aggregate(1L, (a, d) => a * d) * sizeof(float))
                throw new InvalidDataException($"'{name}': data_offsets do not match shape {Tensor.FormatShape(shape)}.");
            entries.Add((name, shape, offsets[0], offsets[1]));
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var dataStart = 8 + headerLength;
        foreach (var (name, shape, begin, _) in entries.OrderBy(e => e.Begin))
        {
            var t = new Tensor(shape);
            if (stream.CanSeek) stream.Seek(dataStart + begin, SeekOrigin.Begin);
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span));
            tensors.Add(name, t);
        }
        return (tensors, metadata);
    }
}
