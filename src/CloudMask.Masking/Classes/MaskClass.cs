namespace CloudMask.Masking.Classes;

/// <summary>The project's pixel classes (KappaMask paper / CMIX codes). Defined once, here.</summary>
public enum MaskClass : byte
{
    /// <summary>No data: outside the swath or a nodata pixel. Also the mask's nodata value.</summary>
    Missing = 0,
    Clear = 1,
    CloudShadow = 2,
    SemiTransparentCloud = 3,
    Cloud = 4,
    /// <summary>Labeller unsure; exists only in labels and is ignored in training and evaluation.</summary>
    Undefined = 5,
}

/// <summary>Names and colours of <see cref="MaskClass"/> values, used by every writer and report.</summary>
public static class MaskClasses
{
    /// <summary>All classes in code order.</summary>
    public static IReadOnlyList<MaskClass> All { get; } = Enum.GetValues<MaskClass>();

    /// <summary>The classes a model predicts (codes 1..4); 0 comes from nodata, 5 only from labellers.</summary>
    public static IReadOnlyList<MaskClass> Predicted { get; } =
        [MaskClass.Clear, MaskClass.CloudShadow, MaskClass.SemiTransparentCloud, MaskClass.Cloud];

    /// <summary>Machine-friendly name, used in metadata, JSON and reports.</summary>
    public static string Name(MaskClass c) => c switch
    {
        MaskClass.Missing => "missing",
        MaskClass.Clear => "clear",
        MaskClass.CloudShadow => "cloud_shadow",
        MaskClass.SemiTransparentCloud => "semi_transparent_cloud",
        MaskClass.Cloud => "cloud",
        MaskClass.Undefined => "undefined",
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "not a mask class"),
    };

    /// <summary>Display colour (RGBA): transparent missing, green clear, dark shadow, light and full cloud.</summary>
    public static (byte R, byte G, byte B, byte A) Colour(MaskClass c) => c switch
    {
        MaskClass.Missing => (0, 0, 0, 0),
        MaskClass.Clear => (76, 175, 80, 255),
        MaskClass.CloudShadow => (90, 60, 140, 255),
        MaskClass.SemiTransparentCloud => (150, 210, 250, 255),
        MaskClass.Cloud => (255, 255, 255, 255),
        MaskClass.Undefined => (255, 0, 255, 255),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "not a mask class"),
    };
}
