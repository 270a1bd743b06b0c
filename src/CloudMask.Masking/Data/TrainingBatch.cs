using CloudMask.Masking.Classes;
using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// A batch ready for a network: (N, B, H, W) reflectance of <see cref="Bands"/> (no-data as 0),
/// and one target per pixel in N, H, W order: the class index 0..3 (clear, shadow,
/// semi-transparent, cloud), <see cref="Ignore"/> for labels 0 (missing) and 5 (undefined), or,
/// for labels that merge classes (<see cref="LabelClassSet"/>), a set of classes any of which is
/// right: <see cref="SetBase"/> plus a bit per class (bit k for class index k).
/// </summary>
public sealed class TrainingBatch(Tensor input, IReadOnlyList<SpectralBand> bands, int[] targets) : IDisposable
{
    public const int Ignore = -1;

    /// <summary>Targets from SetBase up are class sets: SetBase + sum of 1 &lt;&lt; class index.</summary>
    public const int SetBase = 16;

    public Tensor Input { get; } = input;
    public IReadOnlyList<SpectralBand> Bands { get; } = bands;
    public int[] Targets { get; } = targets;
    public int Size => Input.Dim(0);

    /// <summary>How much this batch counts in the validation loss (its source's share over its
    /// number of validation batches, so a source with many small samples does not outvote one
    /// with few: validation weighs sources as training does).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Target for a label code: 1..4 give 0..3; 0, 5 and anything else are ignored.</summary>
    public static int TargetOf(byte label) => label is >= 1 and <= 4 ? label - 1 : Ignore;

    /// <summary>Target for a label code of labels that tell <paramref name="classes"/> apart: where a
    /// code stands for several of the network's classes (a two-class "cloud" is thin or thick cloud,
    /// its "clear" clear or shadow), the target is that set.</summary>
    public static int TargetOf(byte label, LabelClassSet classes)
    {
        const int clear = 1, shadow = 2, thin = 4, cloud = 8;
        if (label == (byte)MaskClass.Undefined) return Unlabelled(classes);
        var target = TargetOf(label);
        if (target == Ignore || classes == LabelClassSet.Four) return target;
        return (classes, (MaskClass)label) switch
        {
            (LabelClassSet.Three, MaskClass.SemiTransparentCloud or MaskClass.Cloud) => SetBase + thin + cloud,
            (LabelClassSet.Two, MaskClass.SemiTransparentCloud or MaskClass.Cloud) => SetBase + thin + cloud,
            (LabelClassSet.Two, MaskClass.Clear or MaskClass.CloudShadow) => SetBase + clear + shadow,
            (LabelClassSet.NoShadow, MaskClass.Clear or MaskClass.CloudShadow) => SetBase + clear + shadow,
            _ => target,
        };
    }

    /// <summary>Target of an unlabelled pixel (code 5) of labels that mark one class wholly (<see cref="LabelClassSet.ShadowOnly"/>):
    /// any class but that one; otherwise ignored.</summary>
    private static int Unlabelled(LabelClassSet classes) =>
        classes == LabelClassSet.ShadowOnly ? SetBase + 1 + 4 + 8 : Ignore;

    /// <summary>True for a class-set target.</summary>
    public static bool IsSet(int target) => target >= SetBase;

    /// <summary>True when class index <paramref name="index"/> satisfies <paramref name="target"/>.</summary>
    public static bool Allows(int target, int index) => IsSet(target) ? ((target - SetBase) >> index & 1) == 1 : target == index;

    public void Dispose() => Input.Dispose();
}
