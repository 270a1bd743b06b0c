namespace CloudMask.Masking.Classes;

/// <summary>
/// Which of the project's classes a set of labels tells apart. Labels from other datasets often
/// have fewer than four: UKIS and Fmask have no thin-cloud class (thin cloud is part of "cloud"),
/// s2cloudless and 38-Cloud only cloud and clear. Scoring a four-class mask against them merges
/// the labels and the mask the same way first, so thin cloud predicted on a "cloud" label is right.
/// </summary>
public enum LabelClassSet
{
    /// <summary>Clear, cloud shadow, semi-transparent cloud, cloud: nothing merged.</summary>
    Four = 4,
    /// <summary>Clear, cloud shadow, cloud: semi-transparent cloud counts as cloud.</summary>
    Three = 3,
    /// <summary>Clear and cloud: semi-transparent cloud counts as cloud, cloud shadow as clear.</summary>
    Two = 2,
}

public static class LabelClassSets
{
    /// <summary>Parses a command-line value: 4, 3 or 2.</summary>
    public static LabelClassSet Parse(string text) => text.Trim() switch
    {
        "4" => LabelClassSet.Four,
        "3" => LabelClassSet.Three,
        "2" => LabelClassSet.Two,
        _ => throw new ArgumentException($"--label-classes {text}: expected 4 (clear, shadow, thin, cloud), 3 (thin counted as cloud) or 2 (cloud vs clear)"),
    };

    /// <summary>Short words for report names: empty for four classes.</summary>
    public static string Suffix(LabelClassSet set) => set switch
    {
        LabelClassSet.Four => "",
        LabelClassSet.Three => "3-class",
        LabelClassSet.Two => "2-class",
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "not a label class set"),
    };

    /// <summary>Rewrites project codes in place so that only the classes of <paramref name="set"/> remain.</summary>
    public static void MergeInPlace(Span<byte> codes, LabelClassSet set)
    {
        if (set == LabelClassSet.Four) return;
        for (var i = 0; i < codes.Length; i++)
        {
            var c = (MaskClass)codes[i];
            if (c == MaskClass.SemiTransparentCloud) codes[i] = (byte)MaskClass.Cloud;
            else if (c == MaskClass.CloudShadow && set == LabelClassSet.Two) codes[i] = (byte)MaskClass.Clear;
        }
    }
}
