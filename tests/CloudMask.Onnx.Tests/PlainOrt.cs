using Microsoft.ML.OnnxRuntime;

namespace CloudMask.Onnx.Tests;

/// <summary>Runs an exported model the way a user would: a plain ONNX Runtime session on the file's
/// bytes, inputs and outputs by name, nothing of this project in between.</summary>
internal static class PlainOrt
{
    public static float[] Run(byte[] model, float[][] planes, int width, int height, string inputName = "reflectance", string outputName = "probabilities")
    {
        using var session = new InferenceSession(model);
        var input = planes.SelectMany(p => p).ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, planes.Length, height, width]);
        using var outputs = session.Run(new RunOptions(), [inputName], [value], [outputName]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        Assert.Equal([1L, 4L, height, width], shape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static IReadOnlyDictionary<string, string> Metadata(byte[] model)
    {
        using var session = new InferenceSession(model);
        return session.ModelMetadata.CustomMetadataMap;
    }
}
