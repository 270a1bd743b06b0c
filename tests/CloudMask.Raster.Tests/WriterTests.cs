using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Raster.Tests;

public class WriterTests
{
    [Fact]
    public void Refuses_to_overwrite_unless_asked_and_keeps_the_old_file()
    {
        using var dir = new TempFolder();
        var path = dir.File("out.tif");
        File.WriteAllText(path, "precious");
        using var r = new InMemoryRaster(4, 4, 1, RasterDataType.Byte);
        Assert.Throws<OutputExistsException>(() => r.SaveAs(path, RasterFormat.GeoTiff));
        Assert.Equal("precious", File.ReadAllText(path));

        r.SaveAs(path, RasterFormat.GeoTiff, overwrite: true);
        using var ds = RasterDataset.Open(path);
        Assert.Equal(4, ds.Width);
    }

    [Fact]
    public void Failed_write_leaves_no_file_behind()
    {
        using var dir = new TempFolder();
        var path = dir.File("out.png");
        using var r = new InMemoryRaster(4, 4, 1, RasterDataType.Float32);
        // The PNG driver refuses float pixels: GDAL fails after the output was started.
        var e = Assert.Throws<RasterWriteException>(() => r.SaveAs(path, RasterFormat.Png));
        BadInputTests.AssertOneLine(e, path, "data type");
        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void Missing_output_folder_is_a_clear_error()
    {
        using var r = new InMemoryRaster(4, 4, 1, RasterDataType.Byte);
        var e = Assert.Throws<RasterWriteException>(() => r.SaveAs("/nonexistent-folder/out.tif", RasterFormat.GeoTiff));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Cog_has_cog_layout_overviews_and_colour_table()
    {
        using var dir = new TempFolder();
        var path = dir.File("classes.tif");
        const int size = 1100;
        using (var r = new InMemoryRaster(size, size, 1, RasterDataType.Byte) { GeoTransform = new GeoTransform(0, 10, 0, 0, 0, -10), Crs = Crs.FromEpsg(32631) })
        {
            r.Write<byte>(1, Enumerable.Range(0, size * size).Select(i => (byte)(i / size % 5)).ToArray());
            r.SetNoData(1, 0);
            r.SetColorTable(1, new ColorTable([new(0, 0, 0, 0), new(0, 255, 0), new(0, 0, 255), new(200, 200, 200), new(255, 255, 255)]));
            r.BuildOverviews(Resampling.Mode);
            r.SaveAs(path, RasterFormat.Cog(Resampling.Mode));
        }
        using var ds = RasterDataset.Open(path);
        Assert.Equal("COG", ds.MetadataItem("LAYOUT", "IMAGE_STRUCTURE"));
        Assert.Equal("DEFLATE", ds.MetadataItem("COMPRESSION", "IMAGE_STRUCTURE"));
        Assert.Equal(3, ds.OverviewCount); // 1100 -> 550 -> 275 -> 138
        Assert.Equal(new ColorEntry(0, 0, 255), ds.Band(1).ColorTable!.Entries[2]);
        Assert.Equal(0.0, ds.Band(1).NoData);
    }

    [Theory]
    [InlineData(256, 256, 256, new int[0])]
    [InlineData(257, 100, 256, new[] { 2 })]
    [InlineData(10980, 10980, 256, new[] { 2, 4, 8, 16, 32, 64 })]
    public void Overview_factors_stop_once_the_smallest_level_fits(int w, int h, int min, int[] expected) =>
        Assert.Equal(expected, InMemoryRaster.OverviewFactors(w, h, min));

    [Fact]
    public void Writes_png_and_jp2()
    {
        using var dir = new TempFolder();
        using var r = new InMemoryRaster(64, 64, 1, RasterDataType.UInt16);
        var data = Enumerable.Range(0, 64 * 64).Select(i => (ushort)(i * 3)).ToArray();
        r.Write<ushort>(1, data);
        r.SaveAs(dir.File("a.jp2"), RasterFormat.Jp2Lossless);
        using (var jp2 = RasterDataset.Open(dir.File("a.jp2")))
            Assert.Equal(data, jp2.Band(1).Read<ushort>()); // lossless
        using var bytes = new InMemoryRaster(8, 8, 3, RasterDataType.Byte);
        bytes.SaveAs(dir.File("a.png"), RasterFormat.Png);
        using var png = RasterDataset.Open(dir.File("a.png"));
        Assert.Equal(("PNG", 3), (png.DriverName, png.BandCount));
    }
}
