using System.IO.Compression;
using CloudMask.Sentinel2.Layout;
using CloudMask.Sentinel2.Reading;
using CloudMask.TestSupport;

namespace CloudMask.Sentinel2.Tests;

/// <summary>Each kind of broken input gets its own problem code and a one-line message naming the file.</summary>
public class BadInputTests
{
    private static ProductException Fails(ProductProblem problem, string mustName, Action action)
    {
        var e = Assert.Throws<ProductException>(action);
        Assert.Equal(problem, e.Problem);
        Assert.Contains(mustName, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.IsAssignableFrom<IOException>(e);
        return e;
    }

    private static string Product(TempFolder dir, ProductLevel level = ProductLevel.L1C, string baseline = "04.00") =>
        SyntheticProduct.Build(dir.Path, level, baseline, (_, _, _, _) => 2000, size10m: 60);

    [Fact]
    public void Missing_path()
    {
        using var dir = new TempFolder("s2");
        Fails(ProductProblem.NotFound, dir.File("nothing.SAFE"), () => Sentinel2Product.Open(dir.File("nothing.SAFE")));
    }

    [Fact]
    public void Zip_without_SAFE()
    {
        using var dir = new TempFolder("s2");
        var zip = dir.File("not-a-product.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        using (var w = new StreamWriter(archive.CreateEntry("readme.txt").Open())) w.Write("hello");
        var e = Fails(ProductProblem.ZipWithoutSafe, zip, () => Sentinel2Product.Open(zip));
        Assert.Contains("readme.txt", e.Message);
    }

    [Fact]
    public void Truncated_zip()
    {
        using var dir = new TempFolder("s2");
        var zip = SyntheticProduct.Zip(Product(dir), dir.File("product.zip"));
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);
        var e = Fails(ProductProblem.DamagedArchive, zip, () => Sentinel2Product.Open(zip));
        Assert.Contains("download", e.Message);
    }

    [Fact]
    public void SAFE_without_metadata_file()
    {
        using var dir = new TempFolder("s2");
        var safe = Product(dir);
        File.Delete(Path.Combine(safe, "MTD_MSIL1C.xml"));
        Fails(ProductProblem.MissingMetadata, safe, () => Sentinel2Product.Open(safe));
    }

    [Fact]
    public void Missing_band_file_is_named()
    {
        using var dir = new TempFolder("s2");
        var safe = Product(dir);
        using var product = Sentinel2Product.Open(safe);
        var b03 = product.BandFile(MsiBands.B03, 10).RelativePath;
        File.Delete(Path.Combine(safe, b03));
        using var again = Sentinel2Product.Open(safe);
        var e = Fails(ProductProblem.MissingBandFile, b03, () => again.OpenBandStack());
        Assert.Contains("B03", e.Message);
        // A stack without that band still opens.
        using var stack = again.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B02] });
        Assert.Equal(60, stack.Width);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Corrupt_jp2_is_named(bool truncateOnly)
    {
        using var dir = new TempFolder("s2");
        var safe = Product(dir);
        string b04;
        using (var product = Sentinel2Product.Open(safe)) b04 = product.BandFile(MsiBands.B04, 10).RelativePath;
        var path = Path.Combine(safe, b04);
        var bytes = File.ReadAllBytes(path);
        if (truncateOnly) File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        else File.WriteAllBytes(path, Enumerable.Range(0, bytes.Length).Select(i => (byte)(i * 31)).ToArray());

        using var broken = Sentinel2Product.Open(safe);
        var e = Assert.Throws<ProductException>(() =>
        {
            using var stack = broken.OpenBandStack(new BandStackOptions { Bands = [MsiBands.B04] });
            stack.ReadStrip(0, stack.Height);
        });
        Assert.Equal(ProductProblem.CorruptImage, e.Problem);
        Assert.Contains(b04, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("07.00")]
    [InlineData("latest")]
    public void Unknown_baseline_is_refused(string baseline)
    {
        using var dir = new TempFolder("s2");
        var safe = Product(dir);
        var mtd = Path.Combine(safe, "MTD_MSIL1C.xml");
        File.WriteAllText(mtd, File.ReadAllText(mtd).Replace("<PROCESSING_BASELINE>04.00<", $"<PROCESSING_BASELINE>{baseline}<"));
        Fails(ProductProblem.UnknownBaseline, mtd, () => Sentinel2Product.Open(safe));
    }

    [Fact]
    public void Malformed_metadata_is_named()
    {
        using var dir = new TempFolder("s2");
        var safe = Product(dir);
        var mtd = Path.Combine(safe, "MTD_MSIL1C.xml");
        File.WriteAllText(mtd, File.ReadAllText(mtd)[..500]);
        Fails(ProductProblem.InvalidMetadata, mtd, () => Sentinel2Product.Open(mtd));
    }

    [Fact]
    public void Pre_2016_multi_tile_product_is_refused_with_the_remedy()
    {
        using var dir = new TempFolder("s2");
        var safe = Directory.CreateDirectory(dir.File("S2A_OPER_PRD_MSIL1C_PDMC_20151218T020842_R115_V20151217T224602_20151217T224602.SAFE")).FullName;
        File.WriteAllText(Path.Combine(safe, "S2A_OPER_MTD_SAFL1C_PDMC_20151218T020842_R115_V20151217T224602_20151217T224602.xml"), "<x/>");
        var e = Fails(ProductProblem.UnsupportedLayout, safe, () => Sentinel2Product.Open(safe));
        Assert.Contains("compact", e.Message);
    }

    [Fact]
    public void Offsets_missing_from_a_04_00_product_are_reported_as_a_warning()
    {
        using var dir = new TempFolder("s2");
        var safe = SyntheticProduct.Build(dir.Path, ProductLevel.L2A, "04.00", (_, _, _, _) => 2000, size10m: 60,
            adjust: s => s with { AddOffsets = new Dictionary<string, double>() });
        using var product = Sentinel2Product.Open(safe);
        Assert.Empty(product.Metadata.AddOffsets);
        Assert.Contains(product.Metadata.Warnings, w => w.Contains("BOA_ADD_OFFSET"));
    }
}
