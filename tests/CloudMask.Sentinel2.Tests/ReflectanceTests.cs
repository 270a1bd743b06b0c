using CloudMask.Sentinel2.Layout;
using CloudMask.Sentinel2.Reading;
using CloudMask.TestSupport;

namespace CloudMask.Sentinel2.Tests;

/// <summary>Known DNs in synthetic products become the right reflectance, on both sides of baseline 04.00.</summary>
public class ReflectanceTests
{
    /// <summary>A constant DN per band, different for every band.</summary>
    private static ushort BandDn(MsiBand band) => (ushort)(1500 + 100 * band.BandId);

    [Theory]
    [InlineData(ProductLevel.L1C, "03.01", 0)]
    [InlineData(ProductLevel.L1C, "04.00", -1000)]
    [InlineData(ProductLevel.L2A, "02.14", 0)]
    [InlineData(ProductLevel.L2A, "04.00", -1000)]
    [InlineData(ProductLevel.L2A, "05.09", -1000)]
    public void Known_dn_becomes_the_reflectance_of_its_baseline(ProductLevel level, string baseline, int offset)
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, level, baseline, (band, _, _, _) => BandDn(band));
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack();

        Assert.Equal(SyntheticProduct.Size10m, stack.Width);
        Assert.Equal(level == ProductLevel.L1C ? 13 : 12, stack.Bands.Count);
        var strip = stack.ReadStrip(0, stack.Height);
        for (var b = 0; b < stack.Bands.Count; b++)
        {
            var expected = (BandDn(stack.Bands[b]) + offset) / 10000f;
            Assert.All(strip.Reflectance[b], v => Assert.Equal(expected, v, 5));
        }
        Assert.All(strip.NoData, m => Assert.Equal(0, m));
    }

    [Fact]
    public void Nodata_and_saturated_dns_are_masked_and_nodata_reads_as_zero()
    {
        using var dir = new TempFolder("s2");
        // Left tenth of the tile outside the swath (DN 0) in every band; one 60 m pixel saturated in B09.
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "04.00", (band, res, x, y) =>
            x * res < 120 ? (ushort)0 : band == MsiBands.B09 && x == 10 && y == 10 ? (ushort)65535 : (ushort)2000);
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { Resampling = BandResampling.Nearest });
        // Read into a strip whose masks are full of ones: reuse must clear them first.
        var dirty = stack.ReadStrip(0, stack.Height);
        Array.Fill(dirty.NoData, (byte)1);
        Array.Fill(dirty.Saturated, (byte)1);
        var strip = stack.ReadStrip(0, stack.Height, reuse: dirty);
        Assert.Same(dirty.Reflectance, strip.Reflectance);
        var w = stack.Width;
        for (var y = 0; y < stack.Height; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                var outside = x < 12;
                Assert.Equal(outside ? 1 : 0, strip.NoData[i]);
                if (outside) Assert.Equal(0f, strip.Reflectance[1][i]);
                else Assert.Equal(0.1f, strip.Reflectance[1][i], 6);
                var saturated = x / 6 == 10 && y / 6 == 10;
                Assert.Equal(saturated ? 1 : 0, strip.Saturated[i]);
            }
        }
    }

    [Fact]
    public void Bilinear_upsampling_of_a_20m_ramp_is_centre_aligned()
    {
        using var dir = new TempFolder("s2");
        // DN grows by 10 per native pixel in x; at 10 m pixel i the centre lies at native (i + 0.5) / 2 - 0.5
        // (a shift of a quarter pixel would be 2.5 DN off).
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "03.01", (_, _, x, _) => (ushort)(1000 + 10 * x));
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B05, MsiBands.B02] });
        Assert.Equal(new[] { MsiBands.B05, MsiBands.B02 }, stack.Bands);
        var strip = stack.ReadStrip(30, 6);
        for (var x = 2; x < stack.Width - 2; x++)
        {
            var native = (x + 0.5) / 2 - 0.5;
            Assert.Equal((1000 + 10 * native) / 10000, strip.Reflectance[0][2 * stack.Width + x], 1e-6);
            Assert.Equal((1000 + 10 * x) / 10000f, strip.Reflectance[1][2 * stack.Width + x], 5);
        }
    }

    [Fact]
    public void Managed_bilinear_matches_gdal_bilinear_to_half_a_dn()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "03.01", (_, _, x, y) => (ushort)(1000 + (x * 37 + y * 53) % 300));
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B01, MsiBands.B05] });
        var strip = stack.ReadStrip(0, stack.Height);
        for (var b = 0; b < 2; b++)
        {
            // The reference: GDAL's own bilinear RasterIO of the whole band (GDAL rounds to whole DNs).
            using var file = Raster.RasterDataset.Open(product.GdalPath(stack.Files[b].RelativePath));
            var gdal = new float[stack.Width * stack.Height];
            file.Band(1).Read<float>(Raster.Window.Full(file.Width, file.Height), gdal, stack.Width, stack.Height, Raster.Resampling.Bilinear);
            for (var i = 0; i < gdal.Length; i++)
                Assert.Equal(gdal[i] / 10000, strip.Reflectance[b][i], 0.51 / 10000);
        }
    }

    [Fact]
    public void Nearest_repeats_each_60m_pixel_six_times()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "03.01", (_, _, x, y) => (ushort)(1000 + 7 * x + 100 * y));
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B09], Resampling = BandResampling.Nearest });
        var strip = stack.ReadStrip(0, stack.Height);
        for (var y = 0; y < stack.Height; y++)
            for (var x = 0; x < stack.Width; x++)
                Assert.Equal((1000 + 7 * (x / 6) + 100 * (y / 6)) / 10000f, strip.Reflectance[0][y * stack.Width + x], 5);
    }

    [Theory]
    [InlineData(BandResampling.Bilinear, 18)]
    [InlineData(BandResampling.Bilinear, 17)]
    [InlineData(BandResampling.Cubic, 25)]
    [InlineData(BandResampling.Lanczos, 30)]
    [InlineData(BandResampling.Average, 12)]
    [InlineData(BandResampling.BlackmanSinc, 18)]
    [InlineData(BandResampling.BlackmanSinc, 13)]
    public void Strips_of_any_height_give_the_same_pixels_as_one_read(BandResampling resampling, int stripHeight)
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "04.00",
            (band, _, x, y) => (ushort)(1000 + (x * 37 + y * 91 + band.BandId * 13) % 400 + 3 * y));
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { Resampling = resampling, StripHeight = stripHeight });
        var whole = stack.ReadStrip(0, stack.Height);
        foreach (var reuse in new[] { false, true })
        foreach (var strip in stack.ReadStrips(reuse))
        {
            Assert.True(strip.Rows <= stripHeight);
            for (var b = 0; b < stack.Bands.Count; b++)
            {
                var expected = whole.Reflectance[b].AsSpan(strip.Row0 * stack.Width, strip.Rows * stack.Width).ToArray();
                Assert.Equal(expected, strip.Reflectance[b]);
            }
        }
    }

    [Fact]
    public void Blackman_sinc_keeps_constants_and_follows_a_smooth_ramp()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L2A, "04.00",
            (band, _, x, _) => band == MsiBands.B05 ? (ushort)(2000 + 20 * x) : (ushort)3000);
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B01, MsiBands.B05], Resampling = BandResampling.BlackmanSinc });
        var strip = stack.ReadStrip(0, stack.Height);
        Assert.All(strip.Reflectance[0], v => Assert.Equal(0.2f, v, 4));
        var row = 50 * stack.Width;
        for (var x = 10; x < stack.Width - 10; x++)
        {
            var native = (x + 0.5) / 2 - 0.5;
            Assert.Equal((2000 + 20 * native - 1000) / 10000, strip.Reflectance[1][row + x], 0.5 / 10000);
        }
    }

    [Fact]
    public void Stack_at_20m_uses_the_L2A_products_own_20m_files()
    {
        using var dir = new TempFolder("s2");
        // Native files carry a DN that encodes their resolution, so the test sees which file was read.
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L2A, "04.00", (_, res, _, _) => (ushort)(1000 + res));
        using var product = Sentinel2Product.Open(safe);
        using var stack = product.OpenBandStack(new BandStackOptions { ResolutionM = 20, Bands = [MsiBands.B02, MsiBands.B08, MsiBands.B09] });
        Assert.Equal(SyntheticProduct.Size10m / 2, stack.Width);
        Assert.Contains("/R20m/", stack.Files[0].RelativePath);
        var strip = stack.ReadStrip(0, stack.Height);
        Assert.All(strip.Reflectance[0], v => Assert.Equal((1020 - 1000) / 10000f, v, 5)); // B02 from R20m
        Assert.All(strip.Reflectance[1], v => Assert.Equal((1010 - 1000) / 10000f, v, 5)); // B08 only at 10 m
        Assert.All(strip.Reflectance[2], v => Assert.Equal((1060 - 1000) / 10000f, v, 5)); // B09 only at 60 m
        Assert.Equal(20, stack.GeoTransform!.Value.PixelWidth);
    }

    [Fact]
    public void Zipped_product_reads_the_same_pixels_through_vsizip()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "04.00", (band, _, x, y) => (ushort)(1000 + x + y + band.BandId));
        var zip = SyntheticProduct.Zip(safe, dir.File("product.zip"));
        using var fromFolder = Sentinel2Product.Open(safe);
        using var fromZip = Sentinel2Product.Open(zip);
        using var fromXml = Sentinel2Product.Open(Path.Combine(safe, "MTD_MSIL1C.xml"));
        Assert.Equal(fromFolder.Metadata.ProductUri, fromZip.Metadata.ProductUri);
        Assert.Equal(fromFolder.GranuleFolder, fromXml.GranuleFolder);
        Assert.StartsWith("/vsizip/", fromZip.GdalPath(fromZip.BandFile(MsiBands.B02, 10).RelativePath));

        using var a = fromFolder.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B02, MsiBands.B11] });
        using var b = fromZip.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B02, MsiBands.B11] });
        var sa = a.ReadStrip(10, 20);
        var sb = b.ReadStrip(10, 20);
        Assert.Equal(sa.Reflectance[0], sb.Reflectance[0]);
        Assert.Equal(sa.Reflectance[1], sb.Reflectance[1]);
        Assert.Equal(32632, Raster.Crs.EpsgCode(b.Crs));
    }

    [Fact]
    public void Product_metadata_and_granule_angles_come_through_open()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L2A, "05.09", (_, _, _, _) => 1234,
            adjust: s => s with { SunZenithDeg = 61.5, SunAzimuthDeg = 170.25, CloudCoverPercent = 42.75 });
        using var product = Sentinel2Product.Open(safe);
        Assert.Equal("2B", product.Metadata.Spacecraft);
        Assert.Equal("32TQM", product.Metadata.Tile);
        Assert.Equal(new ProcessingBaseline(5, 9), product.Metadata.Baseline);
        Assert.Equal(42.75, product.Metadata.CloudCoverPercent);
        Assert.Equal(61.5, product.Granule!.Sun!.Value.ZenithDeg);
        Assert.Equal(170.25, product.Granule.Sun!.Value.AzimuthDeg);
        Assert.NotNull(product.LayerFile(L2ALayer.SCL));
        using var scl = product.OpenLayer(L2ALayer.SCL, 20);
        Assert.Equal(SyntheticProduct.Size10m / 2, scl.Width);
        Assert.All(scl.Band(1).Read<byte>(), v => Assert.Equal(4, v)); // the fixture writes class 4 (vegetation)
    }

    [Fact]
    public void L1C_products_have_no_L2A_layers()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L1C, "05.09", (_, _, _, _) => 1234, size10m: 60);
        using var product = Sentinel2Product.Open(safe);
        Assert.Null(product.LayerFile(L2ALayer.SCL));
        var e = Assert.Throws<ProductException>(() => product.OpenLayer(L2ALayer.SCL));
        Assert.Equal(ProductProblem.MissingBandFile, e.Problem);
        Assert.Contains("L2A", e.Message);
    }
}
