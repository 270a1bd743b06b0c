using CloudMask.Masking.Models;

namespace CloudMask.Cli.Tests;

/// <summary>An untrained cloudmask-any small enough for a command to train or calibrate in seconds.</summary>
internal static class TinyWeights
{
    public static string Save(string path, int seed)
    {
        using var network = new CloudMaskAnyNetwork(new CloudMaskAnyOptions { BandFeatures = 4, DescriptorHidden = 8, Filters = [4, 8, 8], Seed = seed });
        NetworkFile.Save(path, network);
        return path;
    }
}
