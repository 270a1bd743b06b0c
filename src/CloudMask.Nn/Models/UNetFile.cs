using CloudMask.Nn.Modules;
using CloudMask.Nn.Serialization;

namespace CloudMask.Nn.Models;

/// <summary>Saves a U-Net with its hyper-parameters in the safetensors metadata, and rebuilds it
/// from the file alone.</summary>
public static class UNetFile
{
    public static void Save(string path, UNetOptions options, Module model, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var metadata = new Dictionary<string, string>(options.ToMetadata());
        if (extraMetadata is not null)
            foreach (var (k, v) in extraMetadata)
                if (!metadata.TryAdd(k, v)) throw new ArgumentException($"Metadata key '{k}' is reserved for the architecture.", nameof(extraMetadata));
        Safetensors.Save(path, model.StateDict(), metadata);
    }

    public static (Sequential Model, UNetOptions Options, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        var (tensors, metadata) = Safetensors.Load(path);
        try
        {
            var options = UNetOptions.FromMetadata(metadata);
            var model = UNet.Build(options);
            model.LoadStateDict(tensors, strict: true);
            return (model, options, metadata);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
