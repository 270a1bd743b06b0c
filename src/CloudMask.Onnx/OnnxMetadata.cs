using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Onnx;

/// <summary>
/// The metadata_props of an exported model: everything a user of the .onnx file needs to feed it
/// and read its answer, without this project's code (docs/onnx.md lists them).
/// </summary>
public static class OnnxMetadata
{
    public const string Architecture = "architecture";
    public const string ModelId = "model_id";
    public const string Bands = "bands";
    public const string BandWavelengths = "band_wavelengths_um";
    public const string BandWidths = "band_fwhm_um";
    public const string Input = "input";
    public const string InputScale = "input_scale";
    public const string NoData = "nodata";
    public const string SizeMultiple = "size_multiple";
    public const string Output = "output";
    public const string Classes = "classes";
    public const string ClassCodes = "class_codes";
    public const string BandCoverage = "band_coverage";
    public const string LogitOffsets = "logit_offsets";

    internal static Dictionary<string, string> Describe(INetworkModel model, string architecture, IReadOnlyList<SpectralBand> bands,
        LogitOffsets offsets, IReadOnlyDictionary<string, string>? provenance)
    {
        var inv = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            [Architecture] = architecture,
            [ModelId] = model.Id,
            [Bands] = string.Join(",", bands.Select(b => b.Name)),
            [BandWavelengths] = string.Join(",", bands.Select(b => b.CentralWavelengthUm > 0 ? b.CentralWavelengthUm.ToString("0.####", inv) : "none")),
            [BandWidths] = string.Join(",", bands.Select(b => b.FwhmUm > 0 ? b.FwhmUm.ToString("0.####", inv) : "none")),
            [Input] = $"{OnnxExport.InputName}: float32 (batch, {bands.Count}, height, width), the bands in the order of '{Bands}'",
            [InputScale] = "reflectance, 1.0 = 100 %: top-of-atmosphere for Level-1C, surface for Level-2A; Sentinel-2 digital numbers are "
                + "(DN + BOA/RADIO_ADD_OFFSET) / 10000 (the offset is -1000 from processing baseline 04.00 on). "
                + (architecture == KappaMaskUNetOptions.ArchitectureName ? "The graph divides each band by KappaMask's band maximum itself." : "No other scaling."),
            [NoData] = "set no-data pixels to 0 in every band and call them missing (code 0) yourself; the network's answer there means nothing",
            [SizeMultiple] = model.SizeMultiple.ToString(inv),
            [Output] = $"{OnnxExport.OutputName}: float32 (batch, 4, height, width), softmax over '{Classes}'; the mask code of a pixel is 1 + the index of its largest probability",
            [Classes] = string.Join(",", MaskClasses.Predicted.Select(MaskClasses.Name)),
            [ClassCodes] = string.Join(",", MaskClasses.Predicted.Select(c => ((int)c).ToString(inv))),
            [BandCoverage] = BandCoverages.Of(bands).Name(),
            [LogitOffsets] = offsets.ToString(),
        };
        foreach (var (key, value) in provenance ?? new Dictionary<string, string>()) metadata.TryAdd(key, value);
        return metadata;
    }

    internal static string Summary(string architecture, IReadOnlyList<SpectralBand> bands, int sizeMultiple) =>
        $"CloudMask {architecture}: cloud, thin cloud and cloud shadow probabilities per pixel from the reflectance of "
        + $"{string.Join(",", bands.Select(b => b.Name))} (height and width multiples of {sizeMultiple}). See the metadata for the input and output.";
}
