using CloudMask.Masking.Inference;
using CloudMask.Stac;

namespace CloudMask.Server;

/// <summary>The checks a job's input passes before anything is queued, shared by the API and (again) the worker.</summary>
public static class SubmissionChecks
{
    /// <summary>Null when every band file the Item's masking would read is allowed; else why not.</summary>
    public static string? CheckItemAssets(AccessPolicy policy, StacItem item)
    {
        IReadOnlyList<BandAsset> bands;
        try { bands = Sentinel2Assets.Find(item); }
        catch (StacException e) { return e.Message; }
        foreach (var band in bands)
            if (policy.CheckInput(band.Asset.Href) is { } refused)
                return $"{item.Location}: band {band.Band} ({band.Asset.Key}) is refused: {refused}";
        return null;
    }

    /// <summary>
    /// The input as the pipeline will see it, after the policy allowed it (and, for a STAC Item, all
    /// its band files); or a one-line reason. An Item is read here, from where the policy allows.
    /// </summary>
    public static (IMaskInput? Input, string? Error) Resolve(AccessPolicy policy, string input, CancellationToken cancellation)
    {
        if (policy.CheckInput(input) is { } refused) return (null, refused);
        IMaskInput resolved;
        try { resolved = MaskInputs.Resolve(input, cancellation); }
        catch (StacException e) { return (null, e.Message); }
        if (resolved is StacItemInput item && CheckItemAssets(policy, item.Item) is { } assetRefused) return (null, assetRefused);
        if (resolved is PathInput && !File.Exists(input) && !Directory.Exists(input)) return (null, $"{input}: no such file or folder");
        return (resolved, null);
    }
}
