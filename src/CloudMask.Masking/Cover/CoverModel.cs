using System.Globalization;
using CloudMask.Nn.Serialization;
using CloudMask.Nn.Tensors;

namespace CloudMask.Masking.Cover;

/// <summary>
/// The shipped cover estimator: a <see cref="CoverNetwork"/> with a stochastic variational GP
/// head (<see cref="SvgpHead"/>), targets standardised as (cover/100 - TargetMean) / TargetScale.
/// Saved as one safetensors file (network tensors under "net.", GP under "gp.") whose metadata
/// names the architecture "cloudmask-cover-svdkl" and holds the hyper-parameters.
/// </summary>
public sealed class CoverModel(CoverNetwork network, SvgpHead head, double targetMean, double targetScale) : IDisposable
{
    public const string ArchitectureName = "cloudmask-cover-svdkl";

    /// <summary>Written into outputs: the architecture and the weights file's name.</summary>
    public string Id { get; init; } = ArchitectureName;

    public CoverNetwork Network { get; } = network;
    public SvgpHead Head { get; } = head;
    public double TargetMean { get; } = targetMean;
    public double TargetScale { get; } = targetScale;

    /// <summary>The DKL estimate for each patch (predictive mean and standard deviation incl. noise, in %).</summary>
    public IReadOnlyList<CoverEstimate> Estimate(IReadOnlyList<CoverPatch> patches)
    {
        var features = Network.Features(patches);
        var (mean, variance) = Head.Predict(features, patches.Count);
        return Enumerable.Range(0, patches.Count).Select(i => new CoverEstimate(
            100 * (TargetMean + TargetScale * mean[i]), 100 * TargetScale * Math.Sqrt(variance[i] + Head.NoiseVariance))).ToList();
    }

    /// <summary>The estimate for a whole scene from its block patches (<see cref="CoverPatch.FromSource"/>), see <see cref="CoverEstimate.Combine"/>.</summary>
    public CoverEstimate EstimateScene(IReadOnlyList<CoverPatch> blocks) =>
        CoverEstimate.Combine(Estimate(blocks).Zip(blocks, (e, b) => (e, (double)b.ValidPixels)).ToList());

    public void Save(string path, IReadOnlyDictionary<string, string>? extra = null)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in Network.StateDict()) tensors["net." + name] = t;
        var owned = new List<Tensor>
        {
            Vector("gp.inducing_points", Head.Z, Head.M, Head.D),
            Vector("gp.variational_mean", Head.Mu, Head.M),
            Vector("gp.variational_chol", Head.Lq, Head.M, Head.M),
            Vector("gp.log_hyper", [Head.LogLengthScale, Head.LogSignalVariance, Head.LogNoiseVariance], 3),
        };
        Tensor Vector(string name, double[] values, params int[] shape)
        {
            var t = Tensor.FromArray(values.Select(v => (float)v).ToArray(), shape);
            tensors[name] = t;
            return t;
        }
        var metadata = Network.ToMetadata();
        metadata["architecture"] = ArchitectureName;
        metadata["inducing_points"] = Head.M.ToString(CultureInfo.InvariantCulture);
        metadata["target_mean"] = TargetMean.ToString("R", CultureInfo.InvariantCulture);
        metadata["target_scale"] = TargetScale.ToString("R", CultureInfo.InvariantCulture);
        if (extra is not null) foreach (var (k, v) in extra) metadata.TryAdd(k, v);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = Raster.PartialFiles.TemporaryFor(full);
        try
        {
            Safetensors.Save(temporary, tensors, metadata);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Loads a cover model; errors name the file and the reason.</summary>
    public static CoverModel Load(string path)
    {
        var (tensors, metadata) = Models.NetworkFile.Read(path);
        try
        {
            if (metadata.GetValueOrDefault("architecture") != ArchitectureName)
                throw new InvalidDataException($"{path}: not a cover model (architecture '{metadata.GetValueOrDefault("architecture")}', expected {ArchitectureName})");
            var network = CoverNetwork.FromMetadata(metadata);
            var netState = tensors.Where(kv => kv.Key.StartsWith("net.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[4..], kv => kv.Value);
            Models.NetworkFile.LoadState(path, network, netState);
            double[] Get(string name, int length)
            {
                if (!tensors.TryGetValue(name, out var t) || t.Length != length)
                    throw new InvalidDataException($"{path}: tensor '{name}' is missing or has the wrong size");
                return t.ToArray().Select(v => (double)v).ToArray();
            }
            int m = int.Parse(metadata["inducing_points"], CultureInfo.InvariantCulture), d = network.FeatureDimension;
            var head = new SvgpHead(Get("gp.inducing_points", m * d), m, d);
            Get("gp.variational_mean", m).CopyTo(head.Mu, 0);
            Get("gp.variational_chol", m * m).CopyTo(head.Lq, 0);
            var hyper = Get("gp.log_hyper", 3);
            (head.LogLengthScale, head.LogSignalVariance, head.LogNoiseVariance) = (hyper[0], hyper[1], hyper[2]);
            network.Eval();
            return new CoverModel(network, head, double.Parse(metadata["target_mean"], CultureInfo.InvariantCulture),
                double.Parse(metadata["target_scale"], CultureInfo.InvariantCulture)) { Id = $"{ArchitectureName}@{Path.GetFileNameWithoutExtension(path)}" };
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    public void Dispose() => Network.Dispose();
}
