using System.Globalization;
using System.Text;
using CloudMask.Masking.Data;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests.TrainingData;

/// <summary>
/// Builds sub-tiles in KappaZeta's layout (NetCDF-4, dimensions x and y, float32 band variables
/// holding DN / 65535, a ubyte Label variable, a product_name attribute) with GDAL's own
/// gdalmdimtranslate from a multidimensional VRT, then reads them back.
/// </summary>
public class KappaZetaNetCdfSourceTests
{
    private const int N = 4;

    // Labels as KappaZeta writes them (0 undefined, 5 missing), in the file's array order [x][y].
    private static readonly byte[] KappaLabels =
    [
        0, 1, 2, 3,
        4, 5, 1, 1,
        2, 2, 3, 3,
        4, 4, 5, 0,
    ];

    private static int Dn(int band, int first, int second) => 1000 * (band + 1) + 100 * first + second;

    private static string Variable(string name, string type, IEnumerable<double> values) =>
        $"""
            <Array name="{name}">
              <DataType>{type}</DataType>
              <DimensionRef ref="x"/>
              <DimensionRef ref="y"/>
              <InlineValues>{string.Join(' ', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}</InlineValues>
            </Array>
        """;

    /// <summary>Writes NAME.nc with the given variables through gdalmdimtranslate.</summary>
    private static string WriteNetCdf(string folder, string name, string productName, params string[] variables)
    {
        var tool = ExternalTool.Require("gdalmdimtranslate", "gdal-bin");
        var vrt = new StringBuilder();
        vrt.AppendLine("<VRTDataset><Group name=\"/\">");
        vrt.AppendLine($"  <Dimension name=\"x\" size=\"{N}\"/><Dimension name=\"y\" size=\"{N}\"/>");
        vrt.AppendLine($"  <Attribute name=\"product_name\"><DataType>String</DataType><Value>{productName}</Value></Attribute>");
        foreach (var v in variables) vrt.AppendLine(v);
        vrt.AppendLine("</Group></VRTDataset>");
        var vrtPath = Path.Combine(folder, name + ".vrt");
        File.WriteAllText(vrtPath, vrt.ToString());
        var ncPath = Path.Combine(folder, name + ".nc");
        var result = ExternalTool.Run(tool, ["-of", "netCDF", vrtPath, ncPath]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        File.Delete(vrtPath);
        return ncPath;
    }

    /// <summary>B02, B03, B8A and AOT as DN / 65535 (B03 has a DN 0 pixel), TCI_R (to be skipped) and Label.</summary>
    private static string WriteSubTile(string folder, string name, string productName)
    {
        string Band(string variable, int band, int zeroAt = -1) => Variable(variable, "Float32",
            Enumerable.Range(0, N * N).Select(i => i == zeroAt ? 0.0 : (double)(float)(Dn(band, i / N, i % N) / 65535.0)));
        return WriteNetCdf(folder, name, productName,
            Band("B02", 0), Band("B03", 1, zeroAt: 6), Band("B8A", 2),
            Variable("AOT", "Float32", Enumerable.Range(0, N * N).Select(i => (double)(float)((100 + i) / 65535.0))),
            Variable("TCI_R", "Byte", Enumerable.Range(0, N * N).Select(i => (double)i)),
            Variable("Label", "Byte", KappaLabels.Select(l => (double)l)));
    }

    [SkippableFact]
    public void Reads_bands_as_reflectance_and_maps_KappaZeta_codes_to_ours()
    {
        using var dir = new TempFolder("kz");
        var path = WriteSubTile(dir.Path, "T35VLF_tile_2_3", "S2A_MSIL2A_20200529T094041_N0214_R036_T35VLF_20200529T120441");
        var sample = KappaZetaNetCdfSource.Read(path);

        Assert.Equal("T35VLF_tile_2_3", sample.Name);
        Assert.Equal((N, N), (sample.Width, sample.Height));
        // KappaMask's order (AOT first), whatever order the file holds them in; TCI_R is skipped.
        Assert.Equal(["AOT", "B02", "B03", "B8A"], sample.Bands.Select(b => b.Name));
        Assert.Equal(0.8647, sample.Bands[3].CentralWavelengthUm, 4); // B8A from the S2 MSI catalogue
        Assert.Equal(0, sample.Bands[0].CentralWavelengthUm); // AOT is not a reflective band
        for (var first = 0; first < N; first++)
            for (var second = 0; second < N; second++)
            {
                var i = first * N + second; // row = the file's first index, as KappaZeta's numpy readers see it
                Assert.Equal((100 + i) / 1000.0, sample.Planes[0][i], 5); // AOT DN / 1000
                Assert.Equal(Dn(0, first, second) / 10000.0, sample.Planes[1][i], 5);
                if (i == 6) Assert.True(float.IsNaN(sample.Planes[2][i]), "DN 0 is no data");
                else Assert.Equal(Dn(1, first, second) / 10000.0, sample.Planes[2][i], 5);
                Assert.Equal(Dn(2, first, second) / 10000.0, sample.Planes[3][i], 5);
            }
        // KappaZeta 0 (undefined) -> our 5; KappaZeta 5 (missing) -> our 0; 1-4 unchanged.
        byte[] expected =
        [
            5, 1, 2, 3,
            4, 0, 1, 1,
            2, 2, 3, 3,
            4, 4, 0, 5,
        ];
        Assert.Equal(expected, sample.Labels);
    }

    [SkippableFact]
    public void Baseline_04_products_get_the_reflectance_offset()
    {
        using var dir = new TempFolder("kz");
        var path = WriteSubTile(dir.Path, "new", "S2B_MSIL2A_20230601T100559_N0509_R022_T34VFN_20230601T120000");
        var sample = KappaZetaNetCdfSource.Read(path);
        Assert.Equal(Dn(0, 1, 2) / 10000.0 - 0.1, sample.Planes[1][1 * N + 2], 5);
        Assert.Equal((100 + 6) / 1000.0, sample.Planes[0][6], 5); // AOT has no such offset
    }

    [SkippableFact]
    public void A_folder_is_a_sample_source()
    {
        using var dir = new TempFolder("kz");
        var tiles = Directory.CreateDirectory(Path.Combine(dir.Path, "S2A_X.CVAT", "tile_0_1")).FullName;
        WriteSubTile(tiles, "b", "S2A_MSIL1C_20200101T000000_N0208_R001_T35VLF_20200101T000000");
        WriteSubTile(dir.Path, "a", "S2A_MSIL1C_20200101T000000_N0208_R001_T35VLF_20200101T000000");
        var source = new KappaZetaNetCdfSource(dir.Path);
        Assert.Equal(2, source.Count);
        Assert.Contains("2 KappaZeta NetCDF sub-tiles", source.Description);
        Assert.Equal(["a", "b"], Enumerable.Range(0, 2).Select(i => source.Load(i).Name).Order());
        Assert.Same(source.Load(1), source.Load(1)); // cached
    }

    [SkippableFact]
    public void A_sub_tile_without_Label_is_refused_naming_the_file()
    {
        using var dir = new TempFolder("kz");
        var path = WriteNetCdf(dir.Path, "unlabelled", "S2A_MSIL1C",
            Variable("B02", "Float32", Enumerable.Repeat(0.01, N * N)), Variable("B03", "Float32", Enumerable.Repeat(0.01, N * N)));
        var e = Assert.ThrowsAny<RasterException>(() => KappaZetaNetCdfSource.Read(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("'Label'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [SkippableFact]
    public void Unknown_label_codes_are_refused_naming_the_file()
    {
        using var dir = new TempFolder("kz");
        var path = WriteNetCdf(dir.Path, "odd", "S2A_MSIL1C",
            Variable("B02", "Float32", Enumerable.Repeat(0.01, N * N)),
            Variable("Label", "Byte", Enumerable.Range(0, N * N).Select(i => i == 3 ? 63.0 : 1.0)));
        var e = Assert.ThrowsAny<RasterException>(() => KappaZetaNetCdfSource.Read(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("63", e.Message);
    }

    [Fact]
    public void A_corrupt_file_is_refused_naming_the_file()
    {
        using var dir = new TempFolder("kz");
        var path = dir.File("broken.nc");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("CDF\u0001 this is not really a NetCDF file"));
        var e = Assert.ThrowsAny<RasterException>(() => KappaZetaNetCdfSource.Read(path));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
