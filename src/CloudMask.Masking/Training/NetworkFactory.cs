using CloudMask.Masking.Models;

namespace CloudMask.Masking.Training;

/// <summary>Creates a trainable network by architecture name, fresh or from a weights file
/// (pretrain then fine-tune: the file's own hyper-parameters win).</summary>
public static class NetworkFactory
{
    public static IReadOnlyList<string> Architectures { get; } = [CloudMaskAnyOptions.ArchitectureName, KappaMaskUNetOptions.ArchitectureName];

    public static ITrainableNetwork Create(string architecture, CloudMaskAnyOptions? anyOptions = null, KappaMaskUNetOptions? kappaOptions = null) =>
        architecture switch
        {
            CloudMaskAnyOptions.ArchitectureName => new CloudMaskAnyTrainable(new CloudMaskAnyNetwork(anyOptions ?? new CloudMaskAnyOptions())),
            KappaMaskUNetOptions.ArchitectureName => new KappaMaskTrainable(kappaOptions ?? new KappaMaskUNetOptions()),
            _ => throw new ArgumentException($"unknown architecture '{architecture}'; valid: {string.Join(", ", Architectures)}"),
        };

    /// <summary>A network rebuilt from a weights file's metadata, with its weights loaded.</summary>
    public static ITrainableNetwork FromFile(string path)
    {
        var (tensors, metadata) = NetworkFile.Read(path);
        try
        {
            ITrainableNetwork network = metadata.GetValueOrDefault("architecture") switch
            {
                CloudMaskAnyOptions.ArchitectureName => new CloudMaskAnyTrainable(new CloudMaskAnyNetwork(CloudMaskAnyOptions.FromMetadata(metadata))),
                KappaMaskUNetOptions.ArchitectureName => new KappaMaskTrainable(KappaMaskUNetOptions.FromMetadata(metadata)),
                var other => throw new InvalidDataException($"{path}: unknown architecture '{other}'"),
            };
            NetworkFile.LoadState(path, network.Module, tensors);
            return network;
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
}
