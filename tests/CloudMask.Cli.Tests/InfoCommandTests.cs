using System.Text.Json;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Cli.Tests;

public class InfoCommandTests
{
    [SkippableFact]
    public void Lists_the_seven_bands_of_a_landsat_chip_with_wavelengths()
    {
        var path = SharedData.RequireFile("chips-dev/biome_Barren_00_0214.tif");
        var result = CliProcess.Run("info", path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("256 x 256 pixels, 7 bands", result.StdOut);
        foreach (var (name, wavelength) in new[] { ("OLI_B2", "0.483"), ("OLI_B5", "0.865"), ("OLI_B9", "1.373") })
            Assert.Matches($@"{name}\s+{wavelength.Replace(".", "\\.")} um", result.StdOut);
    }

    [Fact]
    public void Json_output_describes_crs_pixel_size_and_reflectance_range()
    {
        using var dir = new TempFolder();
        var path = dir.File("utm.tif");
        using (var r = new InMemoryRaster(3, 2, 2, RasterDataType.UInt16) { GeoTransform = new GeoTransform(600000, 20, 0, 5200000, 0, -20), Crs = Crs.FromEpsg(32634) })
        {
            r.Write<ushort>(1, new ushort[] { 100, 200, 300, 400, 500, 600 });
            r.Write<ushort>(2, new ushort[] { 0, 2000, 2000, 2000, 2000, 9000 });
            r.SetDescription(1, "B04");
            r.SetDescription(2, "B8A");
            r.SetNoData(1, 0); // GeoTIFF holds one nodata value for all bands
            r.SetNoData(2, 0);
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        var result = CliProcess.Run("info", path, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(32634, root.GetProperty("epsg").GetInt32());
        Assert.Equal("metre", root.GetProperty("units").GetString());
        Assert.Equal(20, root.GetProperty("pixel_size")[0].GetDouble());
        var nir = root.GetProperty("bands")[1];
        Assert.Equal("B8A", nir.GetProperty("name").GetString());
        Assert.Equal(0.8647, nir.GetProperty("wavelength_um").GetDouble());
        Assert.Equal(0.2, nir.GetProperty("min").GetDouble(), 6); // nodata 0 excluded
        Assert.Equal(0.9, nir.GetProperty("max").GetDouble(), 6);
    }

    [Fact]
    public void Missing_path() =>
        CliProcess.AssertCleanFailure(CliProcess.Run("info", "/no/such/scene.tif"), "/no/such/scene.tif", "no such file");

    [Fact]
    public void Empty_file()
    {
        using var dir = new TempFolder();
        var path = dir.File("empty.tif");
        File.WriteAllBytes(path, []);
        CliProcess.AssertCleanFailure(CliProcess.Run("info", path), path, "empty");
    }

    [Fact]
    public void Text_file_named_tif()
    {
        using var dir = new TempFolder();
        var path = dir.File("readme.tif");
        File.WriteAllText(path, "not an image\n");
        CliProcess.AssertCleanFailure(CliProcess.Run("info", path), path, "not a raster");
    }

    [Fact]
    public void Truncated_geotiff()
    {
        using var dir = new TempFolder();
        var whole = dir.File("whole.tif");
        using (var r = new InMemoryRaster(300, 300, 1, RasterDataType.Float32))
        {
            r.Write<float>(1, Enumerable.Range(0, 90000).Select(i => (float)Math.Cos(i)).ToArray());
            r.SetDescription(1, "B02");
            r.SaveAs(whole, RasterFormat.GeoTiff);
        }
        var path = dir.File("truncated.tif");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        CliProcess.AssertCleanFailure(CliProcess.Run("info", path), path, "truncated");
    }

    [Fact]
    public void Geotiff_without_band_names()
    {
        using var dir = new TempFolder();
        var path = dir.File("anonymous.tif");
        using (var r = new InMemoryRaster(4, 4, 2, RasterDataType.Float32))
            r.SaveAs(path, RasterFormat.GeoTiff);
        CliProcess.AssertCleanFailure(CliProcess.Run("info", path), path, "no name");
    }

    [Fact]
    public void Help_explains_the_command()
    {
        var result = CliProcess.Run("info", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("wavelength", result.StdOut);
        Assert.Contains("--json", result.StdOut);
    }
}
