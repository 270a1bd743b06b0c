using CloudMask.Masking.Classes;

namespace CloudMask.Simulation.Scenes;

/// <summary>
/// The mask classes as the byte codes label rasters hold. The classes themselves are defined
/// once, in <see cref="MaskClass"/>; these are constants so that they work in switch patterns.
/// </summary>
public static class LabelCodes
{
    public const byte Missing = (byte)MaskClass.Missing;
    public const byte Clear = (byte)MaskClass.Clear;
    public const byte Shadow = (byte)MaskClass.CloudShadow;
    public const byte SemiTransparent = (byte)MaskClass.SemiTransparentCloud;
    public const byte Cloud = (byte)MaskClass.Cloud;
    public const byte Undefined = (byte)MaskClass.Undefined;
}
