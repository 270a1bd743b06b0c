using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Onnx;

/// <summary>
/// Writes an engine module tree (in eval mode) as ONNX nodes: Sequential chains its layers,
/// SkipConcat concatenates its input with its inner path, Conv2d, BatchNorm2d (running statistics),
/// ReLU, MaxPool2d and nearest Upsample map to one ONNX operator each, Dropout and Identity to
/// nothing. Weights become initializers named by their state-dict path, so a user can find
/// "body.body.encoder.conv0.weight" in the ONNX file as in the safetensors file. A module without
/// an ONNX form here is refused, naming it, rather than exported wrong.
/// </summary>
internal static class ModuleGraph
{
    /// <summary>Appends <paramref name="module"/> applied to the value <paramref name="input"/>; returns its output value.</summary>
    public static string Append(OnnxGraph graph, Module module, string input, string path)
    {
        switch (module)
        {
            case Sequential sequential:
                var named = sequential.NamedChildren();
                var value = input;
                foreach (var (name, child) in named) value = Append(graph, child, value, Join(path, name));
                return value;
            case SkipConcat skip:
                var inner = Append(graph, skip.Inner, input, Join(path, "inner"));
                return graph.Node("Concat", Join(path, "concat"), [input, inner], OnnxGraph.Int("axis", 1));
            case Conv2d conv:
                return Convolution(graph, conv, input, path);
            case BatchNorm2d norm:
                return graph.Node("BatchNormalization", path, [
                    input,
                    Weights(graph, Join(path, "weight"), norm.Weight.Data),
                    Weights(graph, Join(path, "bias"), norm.Bias.Data),
                    Weights(graph, Join(path, "running_mean"), norm.RunningMean),
                    Weights(graph, Join(path, "running_var"), norm.RunningVar),
                ], OnnxGraph.Float("epsilon", norm.Eps));
            case ReLU:
                return graph.Node("Relu", path, [input]);
            case MaxPool2d pool:
                return graph.Node("MaxPool", path, [input],
                    OnnxGraph.Ints("kernel_shape", pool.KernelSize, pool.KernelSize),
                    OnnxGraph.Ints("strides", pool.Stride, pool.Stride),
                    OnnxGraph.Ints("pads", pool.Padding, pool.Padding, pool.Padding, pool.Padding));
            case Upsample { Mode: UpsampleMode.Nearest } upsample:
                // Output pixel o copies input pixel floor(o / s): "asymmetric" coordinates, rounded down.
                var scales = graph.Constant(Join(path, "scales"), [1f, 1f, upsample.ScaleFactor, upsample.ScaleFactor], 4);
                return graph.Node("Resize", path, [input, "", scales],
                    OnnxGraph.String("mode", "nearest"),
                    OnnxGraph.String("coordinate_transformation_mode", "asymmetric"),
                    OnnxGraph.String("nearest_mode", "floor"));
            case Dropout or Identity:
                return input; // eval mode: the identity
            default:
                throw new NotSupportedException($"{path}: {module.GetType().Name} has no ONNX export yet");
        }
    }

    private static string Convolution(OnnxGraph graph, Conv2d conv, string input, string path)
    {
        var inputs = new List<string> { input, Weights(graph, Join(path, "weight"), conv.Weight.Data) };
        if (conv.Bias is { } bias) inputs.Add(Weights(graph, Join(path, "bias"), bias.Data));
        return graph.Node("Conv", path, inputs,
            OnnxGraph.Ints("kernel_shape", conv.KernelSize, conv.KernelSize),
            OnnxGraph.Ints("strides", conv.Stride, conv.Stride),
            OnnxGraph.Ints("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding),
            OnnxGraph.Ints("dilations", conv.Dilation, conv.Dilation),
            OnnxGraph.Int("group", conv.Groups));
    }

    private static string Weights(OnnxGraph graph, string name, Tensor tensor)
    {
        var dims = new long[tensor.Rank];
        for (var i = 0; i < dims.Length; i++) dims[i] = tensor.Dim(i);
        return graph.Constant(name, tensor.ToArray(), dims);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
