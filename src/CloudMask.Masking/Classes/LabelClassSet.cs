namespace CloudMask.Masking.Classes;

/// <summary>
/// Which of the project's classes a set of labels tells apart. Labels from other datasets often
/// have fewer than four: UKIS and Fmask have no thin-cloud class (thin cloud is part of "cloud"),
/// s2cloudless and 38-Cloud only cloud and clear, and some scenes of the Landsat 8 Biome set mark
/// thin cloud but no shadow. Scoring a four-class mask against them merges the labels and the mask
/// the same way first, so thin cloud predicted on a "cloud" label is right.
/// </summary>
public enum LabelClassSet
{
    /// <summary>Clear, cloud shadow, semi-transparent cloud, cloud: nothing merged.</summary>
    Four,
    /// <summary>Clear, cloud shadow, cloud: semi-transparent cloud counts as cloud.</summary>
    Three,
    /// <summary>Clear and cloud: semi-transparent cloud counts as cloud, cloud shadow as clear.</summary>
    Two,
    /// <summary>Clear, semi-transparent cloud, cloud: the labellers did not mark shadow, so cloud
    /// shadow counts as clear (a shadow the mask finds there can be neither right nor wrong).</summary>
    NoShadow,
    /// <summary>Shadow against everything else: the labellers painted every cloud shadow (2) and left the
    /// rest unlabelled (5), so an unlabelled pixel is clear, thin or thick cloud but not shadow. Training
    /// only (a training plan's "classes": "shadow-only"); pixels next to a painted edge are not used.</summary>
    ShadowOnly,
}

public static class LabelClassSets
{
    /// <summary>Parses a command-line value: 4, 3, 2 or no-shadow.</summary>
    public static LabelClassSet Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "4" => LabelClassSet.Four,
        "3" => LabelClassSet.Three,
        "2" => LabelClassSet.Two,
        "no-shadow" => LabelClassSet.NoShadow,
        _ => throw new ArgumentException($"--label-classes {text}: expected 4 (clear, shadow, thin, cloud), 3 (thin counted as cloud), 2 (cloud vs clear) or no-shadow (shadow counted as clear)"),
    };

    /// <summary>How many classes remain after merging.</summary>
    public static int ClassCount(LabelClassSet set) => set switch
    {
        LabelClassSet.Four => 4,
        LabelClassSet.Three or LabelClassSet.NoShadow => 3,
        LabelClassSet.Two or LabelClassSet.ShadowOnly => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "not a label class set"),
    };

    /// <summary>What merging does, in words for reports.</summary>
    public static string Merging(LabelClassSet set) => set switch
    {
        LabelClassSet.Four => "none",
        LabelClassSet.Three => "thin cloud counted as cloud",
        LabelClassSet.Two => "thin cloud counted as cloud, cloud shadow as clear",
        LabelClassSet.NoShadow => "cloud shadow counted as clear",
        LabelClassSet.ShadowOnly => "shadow marked, everything unmarked counted as not shadow",
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "not a label class set"),
    };

    /// <summary>Short words for report names: empty for four classes.</summary>
    public static string Suffix(LabelClassSet set) => set switch
    {
        LabelClassSet.Four => "",
        LabelClassSet.Three => "3-class",
        LabelClassSet.Two => "2-class",
        LabelClassSet.NoShadow => "no-shadow",
        LabelClassSet.ShadowOnly => "shadow-only",
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "not a label class set"),
    };

    /// <summary>Rewrites project codes in place so that only the classes of <paramref name="set"/> remain.</summary>
    public static void MergeInPlace(Span<byte> codes, LabelClassSet set)
    {
        if (set == LabelClassSet.Four) return;
        if (set == LabelClassSet.ShadowOnly)
        {
            // Shadow against the rest: every other class counts as "clear" (not shadow).
            for (var i = 0; i < codes.Length; i++)
                if ((MaskClass)codes[i] is MaskClass.SemiTransparentCloud or MaskClass.Cloud or MaskClass.Undefined) codes[i] = (byte)MaskClass.Clear;
            return;
        }
        for (var i = 0; i < codes.Length; i++)
        {
            var c = (MaskClass)codes[i];
            if (c == MaskClass.SemiTransparentCloud && set != LabelClassSet.NoShadow) codes[i] = (byte)MaskClass.Cloud;
            else if (c == MaskClass.CloudShadow && set is LabelClassSet.Two or LabelClassSet.NoShadow) codes[i] = (byte)MaskClass.Clear;
        }
    }
}
