using CloudMask.Masking.Inputs;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Onnx.Tests;

/// <summary>The shipped network on real chips of several sensors and band sets (../shared/data):
/// ONNX Runtime gives our engine's probabilities within 1e-4, through the backend (padding
/// included) and through the exported file alone.</summary>
public class RealChipTests
{
    public static TheoryData<string> Chips => new()
    {
        "chips-dev/biome_Barren_00_0214.tif",           // Landsat 8 OLI, 7 bands
        "chips-dev/ukis_landsat7.tif",                  // Landsat 7 ETM+, 6 bands
        "chips-real/cloudsen12_ROI_2507_cloudy.tif",     // Sentinel-2 RGB
        "chips-real/cloudmaskcomp_100301.tif",          // Sentinel-2 RGB + NIR
        "s2-unlabelled/eolearn_reference_0.tif",        // Sentinel-2 L1C, 13 bands
    };

    [SkippableTheory]
    [MemberData(nameof(Chips))]
    public void Onnx_runtime_gives_our_engines_probabilities(string chip)
    {
        var path = SharedData.RequireFile(chip);
        using var engine = TestNetworks.Default();
        using var onnx = new OnnxRuntimeModel(TestNetworks.Default());
        using var input = SceneInputs.Open(path);
        var source = input.Source;
        Assert.Null(engine.CheckBands(source.SpectralBands));
        // Up to 200 px: not a multiple of the network's 16, so the backend pads as our engine does.
        int w = Math.Min(200, source.Width), h = Math.Min(200, source.Height);
        var planes = source.SpectralBands.Select((_, b) =>
        {
            var plane = new float[w * h];
            source.ReadReflectance(b, new Window(0, 0, w, h), plane);
            return plane;
        }).ToArray();
        var bands = source.SpectralBands.ToArray();
        var expected = ExportedGraphTests.Engine(engine, bands, planes, w, h);
        Compare.Close(expected, ExportedGraphTests.Engine(onnx, bands, planes, w, h), $"{chip} through the backend");

        // The file alone, as a user runs it: the network's bands in order, a 96 x 96 crop (a multiple of 16).
        const int side = 96;
        var indices = engine.NetworkBands(bands);
        var crop = indices.Select(b => Enumerable.Range(0, side * side).Select(i => Finite(planes[b][i / side * w + i % side])).ToArray()).ToArray();
        var cropBands = indices.Select(b => bands[b]).ToArray();
        var bytes = OnnxExport.Export(engine, cropBands).ToByteArray();
        Compare.Close(ExportedGraphTests.Engine(engine, cropBands, crop, side, side), PlainOrt.Run(bytes, crop, side, side), $"{chip} through the file");
    }

    /// <summary>No data is 0 reflectance in the file's contract (our engine does the same with NaN).</summary>
    private static float Finite(float v) => float.IsFinite(v) ? v : 0f;
}
