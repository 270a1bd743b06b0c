using CloudMask.Masking.Classes;
using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class MaskWriterTests
{
    private const int Size = 1100; // large enough for COG overviews (512 px blocks)
    private static readonly GeoTransform Utm = new(399960, 10, 0, 5000040, 0, -10);

    private static byte[] Stripes() =>
        Enumerable.Range(0, Size * Size).Select(i => (byte)(i % Size / 220)).ToArray(); // codes 0..4 in vertical stripes

    private static string WriteSample(TempFolder dir)
    {
        var path = dir.File("scene.mask.tif");
        MaskWriter.Write(path, Stripes(), Size, Size, new GeoReference(Utm, Crs.FromEpsg(32632)),
            metadata: new Dictionary<string, string> { ["MODEL"] = "test-model" });
        return path;
    }

    [Fact]
    public void Writes_codes_nodata_palette_legend_and_georeferencing()
    {
        using var dir = new TempFolder();
        var path = WriteSample(dir);
        using var ds = RasterDataset.Open(path);
        Assert.Equal(Stripes(), ds.Band(1).Read<byte>());
        Assert.Equal("COG", ds.MetadataItem("LAYOUT", "IMAGE_STRUCTURE"));
        Assert.True(ds.OverviewCount >= 2);
        Assert.Equal(0.0, ds.Band(1).NoData);
        Assert.Equal(Utm, ds.GeoTransform);
        Assert.Equal(32632, Crs.EpsgCode(ds.Crs));
        var palette = ds.Band(1).ColorTable!;
        Assert.Equal(new ColorEntry(255, 255, 255), palette.Entries[(int)MaskClass.Cloud]);
        Assert.Equal(0, palette.Entries[(int)MaskClass.Missing].A);
        Assert.Equal("0=missing,1=clear,2=cloud_shadow,3=semi_transparent_cloud,4=cloud,5=undefined",
            ds.Band(1).MetadataItem(MaskWriter.ClassNamesItem));
        Assert.Equal("cloud_shadow", ds.Band(1).MetadataItem("CLASS_2"));
        Assert.Equal("test-model", ds.MetadataItem("MODEL"));
        Assert.Equal(["scene.mask.tif"], dir.FileNames()); // no sidecar, no temporary
    }

    [Fact]
    public void Mask_without_georeferencing_stays_without()
    {
        using var dir = new TempFolder();
        var path = dir.File("plain.tif");
        MaskWriter.Write(path, new byte[16], 4, 4, GeoReference.None);
        using var ds = RasterDataset.Open(path);
        Assert.Null(ds.Crs);
        Assert.Null(ds.GeoTransform);
    }

    [Fact]
    public void Refuses_values_that_are_not_class_codes()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<ArgumentException>(() => MaskWriter.Write(dir.File("x.tif"), new byte[] { 1, 9, 1, 1 }, 2, 2, GeoReference.None));
        Assert.Contains("9", e.Message);
        Assert.Empty(dir.FileNames());
    }

    [SkippableFact]
    public void Passes_gdal_cog_validation()
    {
        var python = RequirePythonModule("osgeo_utils.samples.validate_cloud_optimized_geotiff", "python3-gdal");
        using var dir = new TempFolder();
        var path = WriteSample(dir);
        var result = ExternalTool.Run(python, ["-m", "osgeo_utils.samples.validate_cloud_optimized_geotiff", "--full-check=yes", path]);
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("is a valid cloud optimized GeoTIFF", result.StdOut);
    }

    [SkippableFact]
    public void Opens_in_rasterio_unchanged()
    {
        var python = RequirePythonModule("rasterio", "python3-rasterio");
        using var dir = new TempFolder();
        var path = WriteSample(dir);
        const string script = """
            import sys, rasterio
            with rasterio.open(sys.argv[1]) as d:
                a = d.read(1)
                cmap = d.colormap(1)
                print(d.crs.to_epsg(), d.nodata, d.dtypes[0], d.width, d.height, tuple(d.transform)[:6])
                print(cmap[4], cmap[1], d.overviews(1))
                print(int(a[0, 0]), int(a[0, 300]), int(a[5, 1000]))
            """;
        var result = ExternalTool.Run(python, ["-c", script, path]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = result.StdOut.Split('\n');
        Assert.Equal("32632 0.0 uint8 1100 1100 (10.0, 0.0, 399960.0, 0.0, -10.0, 5000040.0)", lines[0]);
        Assert.Equal("(255, 255, 255, 255) (76, 175, 80, 255) [2, 4, 8]", lines[1]);
        Assert.Equal("0 1 4", lines[2]);
    }

    private static string RequirePythonModule(string module, string package)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) throw new SkipException($"{python} is not installed");
        var probe = ExternalTool.Run(python, ["-c", $"import {module}"]);
        if (probe.ExitCode != 0) throw new SkipException($"python module {module} is missing (Debian package {package})");
        return python;
    }
}
