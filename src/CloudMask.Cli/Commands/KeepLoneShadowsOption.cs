using System.CommandLine;

namespace CloudMask.Cli.Commands;

/// <summary>--keep-lone-shadows, shared by predict and evaluate so both score and write the same mask.</summary>
internal static class KeepLoneShadowsOption
{
    public static Option<bool> Create() => new("--keep-lone-shadows")
    {
        Description = "Keep shadow pixels that no cloud could have cast. By default a shadow pixel becomes clear when the square "
            + "around it, out to a shadow's reach each way (12 km cloud top x tan(sun zenith); 20 km when the sun angle is unknown), holds no "
            + "thin or thick cloud, or over 4 shadow pixels per cloud pixel: dark water or forest in a cloud-free area is not a cloud "
            + "shadow. Shadows whose cloud could lie outside the image "
            + "(toward the sun, or near any edge when the sun angle is unknown) are kept.",
    };
}
