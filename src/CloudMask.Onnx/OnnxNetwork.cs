using CloudMask.Masking.Output;
using CloudMask.Raster.Spectral;
using Google.Protobuf;
using Onnx;

namespace CloudMask.Onnx;

/// <summary>A network exported as an ONNX model (<see cref="OnnxExport"/>): what its input is and
/// the serialized model, ready for ONNX Runtime or a file.</summary>
public sealed class OnnxNetwork
{
    private readonly ModelProto proto;

    internal OnnxNetwork(ModelProto proto, IReadOnlyList<SpectralBand> bands, int sizeMultiple, IReadOnlyDictionary<string, string> metadata)
    {
        this.proto = proto;
        Bands = bands;
        SizeMultiple = sizeMultiple;
        Metadata = metadata;
    }

    /// <summary>The input's bands, in channel order.</summary>
    public IReadOnlyList<SpectralBand> Bands { get; }

    /// <summary>Input height and width must be multiples of this.</summary>
    public int SizeMultiple { get; }

    /// <summary>The model's metadata_props (<see cref="OnnxMetadata"/> keys).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Operators in the graph (for reports and tests).</summary>
    public int NodeCount => proto.Graph.Node.Count;

    /// <summary>The model as ONNX's protobuf bytes.</summary>
    public byte[] ToByteArray() => proto.ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/> under a temporary name first; an existing
    /// file is replaced only with <paramref name="overwrite"/> (else <see cref="Raster.OutputExistsException"/>).</summary>
    public void Save(string path, bool overwrite)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.WriteAllBytes(path, ToByteArray(), overwrite);
    }
}
