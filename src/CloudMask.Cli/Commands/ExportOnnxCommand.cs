using System.CommandLine;
using System.Globalization;
using CloudMask.Masking.Models;
using CloudMask.Onnx;
using CloudMask.Raster.Spectral;

namespace CloudMask.Cli.Commands;

/// <summary>`cloudmask export-onnx --model M --out FILE.onnx [--bands ...]`: a network as a standard ONNX model.</summary>
internal static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = $"The network to export: {ModelCatalog.DefaultName} (the shipped weights) or a .safetensors weights file (cloudmask-any or kappamask-unet).",
            DefaultValueFactory = _ => ModelCatalog.DefaultName,
        };
        var output = new Option<string>("--out") { Description = "The ONNX file to write (FILE.onnx).", Required = true };
        var bands = new Option<string>("--bands")
        {
            Description = "The bands the exported model takes, in this order (comma-separated): Sentinel-2 B01..B12/B8A, Landsat OLI_B1.. or "
                + "ETM_B1.., or STAC common names (red,green,blue,nir). cloudmask-any is exported for one band set (default: all 13 "
                + "Sentinel-2 bands, B01..B12 with B8A); kappamask-unet always takes its own bands (leave --bands out).",
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var command = new Command("export-onnx",
            $"Write a network as a standard ONNX model (opset {OnnxExport.OpsetVersion}) for ONNX Runtime and other ONNX tools: input "
            + $"'{OnnxExport.InputName}' (batch, bands, height, width) of reflectance, output '{OnnxExport.OutputName}' (batch, 4, height, width) "
            + "for clear, cloud shadow, semi-transparent cloud and cloud. Height and width are free (multiples of 16 for the shipped network). "
            + "The band order, input scaling, classes and the source weights are in the model's metadata. Running it from Python: docs/onnx.md.")
        {
            model, output, bands, overwrite,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!;
            if (!target.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"--out {target}: give a .onnx file name");
            if (File.Exists(target) && !parse.GetValue(overwrite)) throw new Raster.OutputExistsException(target);
            var network = OnnxExport.Export(parse.GetValue(model)!, ParseBands(parse.GetValue(bands)));
            network.Save(target, parse.GetValue(overwrite));
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Format(inv, "wrote {0} ({1:0.0} MB, {2} operators, opset {3}): {4}",
                target, new FileInfo(target).Length / 1e6, network.NodeCount, OnnxExport.OpsetVersion, network.Metadata[OnnxMetadata.ModelId]));
            Console.Out.WriteLine($"  input  {OnnxExport.InputName}: float32 (batch, {network.Bands.Count}, height, width), reflectance of {string.Join(",", network.Bands.Select(b => b.Name))}; height and width multiples of {network.SizeMultiple}");
            Console.Out.WriteLine($"  output {OnnxExport.OutputName}: float32 (batch, 4, height, width), {network.Metadata[OnnxMetadata.Classes]}");
            return 0;
        });
        return command;
    }

    /// <summary>The named bands, or null when --bands was not given; an unknown name is a one-line error.</summary>
    private static IReadOnlyList<SpectralBand>? ParseBands(string? text)
    {
        if (text is null) return null;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new ArgumentException($"--bands '{text}': name the bands, comma-separated (B02,B03,B04,B08)");
        return names.Select(n => SensorBands.Find(n) ?? (KnownNonSpectral(n) ? new SpectralBand(n.ToUpperInvariant(), 0, 0)
            : throw new ArgumentException($"--bands: unknown band '{n}' (Sentinel-2 B01..B12 and B8A, Landsat OLI_B1..OLI_B9 or ETM_B1..ETM_B7, or red, green, blue, nir, ...)"))).ToArray();
    }

    /// <summary>Sentinel-2 L2A layers that are not reflectance, which kappamask-unet's L2A variant reads.</summary>
    private static bool KnownNonSpectral(string name) => name.Equals("AOT", StringComparison.OrdinalIgnoreCase) || name.Equals("WVP", StringComparison.OrdinalIgnoreCase);
}
