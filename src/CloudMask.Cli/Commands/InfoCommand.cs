using System.CommandLine;
using CloudMask.Cli.Reports;
using CloudMask.Raster.Spectral;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask info INPUT`: what the tool sees in an input.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT")
        {
            Description = "A GeoTIFF band stack (bands named B01..B12/B8A, OLI_B*, ETM_B* or with wavelength metadata), "
                + "or a Sentinel-2 product: .SAFE folder, .zip, or MTD_MSIL1C.xml/MTD_MSIL2A.xml.",
        };
        var json = new Option<bool>("--json") { Description = "Print the description as JSON instead of text." };
        var command = new Command("info",
            "Show what CloudMask sees in an input: size, CRS, pixel size, and each band with its name, "
            + "wavelength, bandwidth, scale and value range (in reflectance).")
        {
            input, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            if (Sentinel2.Sentinel2Product.LooksLikeProduct(path))
            {
                var product = ProductInfo.Describe(path);
                Console.Out.Write(parse.GetValue(json) ? product.ToJson() : product.ToText());
                return 0;
            }
            using var stack = BandStack.Open(path);
            var report = BandStackReport.Describe(stack);
            Console.Out.Write(parse.GetValue(json) ? report.ToJson() : report.ToText());
            return 0;
        });
        return command;
    }
}
