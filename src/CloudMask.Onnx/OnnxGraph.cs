using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace CloudMask.Onnx;

/// <summary>
/// Builds an ONNX <see cref="GraphProto"/> node by node: adds constants (initializers) and nodes
/// under names of their own, so callers only pass value names along. Tensors are float32 or int64
/// in little-endian raw data, as ONNX stores them.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public OnnxGraph(string name) => Proto = new GraphProto { Name = name };

    public GraphProto Proto { get; }

    /// <summary>A value name not used yet, from <paramref name="hint"/> (a module path such as body.encoder.conv0).</summary>
    public string Fresh(string hint)
    {
        var name = hint;
        for (var i = 1; !names.Add(name); i++) name = $"{hint}_{i}";
        return name;
    }

    /// <summary>A float32 constant of the given shape.</summary>
    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>An int64 constant of the given shape (axes, shapes).</summary>
    public string Constant(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string outputHint, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Fresh(outputHint);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return output;
    }

    /// <summary>A float32 graph input or output; a dimension is a number or a symbolic name ("height").</summary>
    public static ValueInfoProto FloatValue(string name, string documentation, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim switch
            {
                int n => new TensorShapeProto.Types.Dimension { DimValue = n },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"dimension {dim} is neither a number nor a name"),
            });
        return new ValueInfoProto
        {
            Name = name,
            DocString = documentation,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string AddInitializer(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, int count, long[] dims)
    {
        if (dims.Aggregate(1L, (a, b) => a * b) != count) throw new ArgumentException($"{count} values for shape [{string.Join(", ", dims)}] of {name}");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian");
        var tensor = new TensorProto { Name = Fresh(name), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }
}
