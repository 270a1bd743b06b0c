using System.IO.Compression;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Raster.Tests;

public class RasterDatasetTests
{
    [Fact]
    public void Reads_what_was_written_with_georeferencing_nodata_and_metadata()
    {
        using var dir = new TempFolder();
        var path = dir.File("stack.tif");
        var values = Enumerable.Range(0, 40 * 30).Select(i => (ushort)(i * 7 % 65000)).ToArray();
        var utm = Crs.FromEpsg(32633);
        using (var raster = new InMemoryRaster(40, 30, 2, RasterDataType.UInt16)
               {
                   GeoTransform = new GeoTransform(500000, 10, 0, 5000000, 0, -10),
                   Crs = utm,
               })
        {
            raster.Write<ushort>(1, values);
            raster.Write<ushort>(2, values.Select(v => (ushort)(v + 1)).ToArray());
            raster.SetNoData(1, 0);
            raster.SetDescription(1, "B02");
            raster.SetScaleOffset(2, 0.0001, -0.1);
            raster.SetMetadataItem("CENTRAL_WAVELENGTH_UM", "0.665", "IMAGERY", band: 2);
            raster.SetMetadataItem("PRODUCT", "test");
            raster.SaveAs(path, RasterFormat.GeoTiff);
        }

        using var ds = RasterDataset.Open(path);
        Assert.Equal((40, 30, 2), (ds.Width, ds.Height, ds.BandCount));
        Assert.Equal("GTiff", ds.DriverName);
        Assert.Equal(new GeoTransform(500000, 10, 0, 5000000, 0, -10), ds.GeoTransform);
        Assert.Equal(32633, Crs.EpsgCode(ds.Crs));
        Assert.Equal(values, ds.Band(1).Read<ushort>());
        Assert.Equal(0.0, ds.Band(1).NoData);
        Assert.Equal("B02", ds.Band(1).Description);
        Assert.False(ds.Band(1).HasScale);
        Assert.True(ds.Band(2).HasScale);
        Assert.Equal((0.0001, -0.1), (ds.Band(2).Scale, ds.Band(2).Offset));
        Assert.Equal("0.665", ds.Band(2).MetadataItem("CENTRAL_WAVELENGTH_UM", "IMAGERY"));
        Assert.Equal("test", ds.Metadata()["PRODUCT"]);
        Assert.Equal(["stack.tif"], dir.FileNames()); // no temporary or sidecar left behind
    }

    [Fact]
    public void Reads_a_window_converting_type()
    {
        using var dir = new TempFolder();
        var path = dir.File("ramp.tif");
        WriteRamp(path, 16, 8);
        using var ds = RasterDataset.Open(path);
        var window = ds.Band(1).Read<float>(new Window(3, 2, 4, 2));
        Assert.Equal([2 * 16 + 3, 2 * 16 + 4, 2 * 16 + 5, 2 * 16 + 6, 3 * 16 + 3, 3 * 16 + 4, 3 * 16 + 5, 3 * 16 + 6], window);
    }

    [Theory]
    [InlineData(Resampling.Nearest)]
    [InlineData(Resampling.Bilinear)]
    [InlineData(Resampling.Cubic)]
    [InlineData(Resampling.Average)]
    [InlineData(Resampling.Mode)]
    public void Resamples_a_constant_raster_to_the_same_constant(Resampling resampling)
    {
        using var dir = new TempFolder();
        var path = dir.File("constant.tif");
        using (var r = new InMemoryRaster(20, 20, 1, RasterDataType.Float32))
        {
            r.Write<float>(1, Enumerable.Repeat(0.25f, 400).ToArray());
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var ds = RasterDataset.Open(path);
        var up = new float[40 * 40];
        ds.Band(1).Read(Window.Full(20, 20), up.AsSpan(), 40, 40, resampling);
        Assert.All(up, v => Assert.Equal(0.25f, v, 1e-6f));
    }

    [Fact]
    public void Average_downsampling_averages_and_bilinear_upsampling_interpolates()
    {
        using var dir = new TempFolder();
        var path = dir.File("ramp.tif");
        WriteRamp(path, 4, 4); // value = row*4 + col
        using var ds = RasterDataset.Open(path);
        var down = new float[4];
        ds.Band(1).Read(Window.Full(4, 4), down.AsSpan(), 2, 2, Resampling.Average);
        Assert.Equal([(0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f, (8 + 9 + 12 + 13) / 4f, (10 + 11 + 14 + 15) / 4f], down);

        var up = new float[8 * 8];
        ds.Band(1).Read(Window.Full(4, 4), up.AsSpan(), 8, 8, Resampling.Bilinear);
        // Away from the edges bilinear is linear in the ramp: the value at output pixel centre (x+0.5)/2-0.5.
        var x = 3; var y = 4;
        var expected = ((y + 0.5f) / 2 - 0.5f) * 4 + ((x + 0.5f) / 2 - 0.5f);
        Assert.Equal(expected, up[y * 8 + x], 1e-4f);
    }

    [Fact]
    public void Opens_a_raster_inside_a_zip_through_vsizip()
    {
        using var dir = new TempFolder();
        var tif = dir.File("inner.tif");
        WriteRamp(tif, 8, 8);
        var zip = dir.File("archive.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            archive.CreateEntryFromFile(tif, "folder/inner.tif");
        using var ds = RasterDataset.Open($"/vsizip/{zip}/folder/inner.tif");
        Assert.Equal(63f, ds.Band(1).Read<float>()[63]);
    }

    [Fact]
    public void Computes_min_and_max_without_nodata()
    {
        using var dir = new TempFolder();
        var path = dir.File("nodata.tif");
        using (var r = new InMemoryRaster(3, 1, 1, RasterDataType.Int16))
        {
            r.Write<short>(1, new short[] { -9999, 5, 12 });
            r.SetNoData(1, -9999);
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var ds = RasterDataset.Open(path);
        Assert.Equal((5.0, 12.0), ds.Band(1).ComputeMinMax());
    }

    [Fact]
    public void Config_scope_restores_the_earlier_value()
    {
        var before = GdalConfig.Get("CLOUDMASK_TEST_OPTION");
        using (GdalConfig.Scope("CLOUDMASK_TEST_OPTION", "on"))
        {
            Assert.Equal("on", GdalConfig.Get("CLOUDMASK_TEST_OPTION"));
            using (GdalConfig.Scope("CLOUDMASK_TEST_OPTION", "inner"))
                Assert.Equal("inner", GdalConfig.Get("CLOUDMASK_TEST_OPTION"));
            Assert.Equal("on", GdalConfig.Get("CLOUDMASK_TEST_OPTION"));
        }
        Assert.Equal(before, GdalConfig.Get("CLOUDMASK_TEST_OPTION"));
    }

    [Fact]
    public void Subdataset_names_are_not_checked_as_files()
    {
        Assert.False(RasterDataset.IsPlainPath("SENTINEL2_L1C:/data/MTD_MSIL1C.xml:10m:EPSG_32633"));
        Assert.False(RasterDataset.IsPlainPath("/vsizip/a.zip/b.tif"));
        Assert.True(RasterDataset.IsPlainPath("/data/x.tif"));
        Assert.True(RasterDataset.IsPlainPath("relative/x.tif"));
    }

    internal static void WriteRamp(string path, int width, int height)
    {
        using var r = new InMemoryRaster(width, height, 1, RasterDataType.Float32);
        r.Write<float>(1, Enumerable.Range(0, width * height).Select(i => (float)i).ToArray());
        r.SaveAs(path, RasterFormat.GeoTiff);
    }
}

public class GdalCacheTests
{
    [Fact]
    public void Cache_size_is_set_for_the_process_and_read_back()
    {
        var before = GdalConfig.CacheMaxMegabytes();
        try
        {
            GdalConfig.SetCacheMaxMegabytes(321);
            Assert.Equal(321, GdalConfig.CacheMaxMegabytes());
        }
        finally { GdalConfig.SetCacheMaxMegabytes(before); }
    }
}
