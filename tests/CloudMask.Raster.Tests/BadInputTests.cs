using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Raster.Tests;

/// <summary>Every bad input gives a typed, one-line error that names the file and the reason.</summary>
public class BadInputTests
{
    [Fact]
    public void Missing_file()
    {
        var e = Assert.Throws<RasterNotFoundException>(() => RasterDataset.Open("/nonexistent/x.tif"));
        AssertOneLine(e, "/nonexistent/x.tif", "no such file");
    }

    [Fact]
    public void Empty_file()
    {
        using var dir = new TempFolder();
        var path = dir.File("empty.tif");
        File.WriteAllBytes(path, []);
        AssertOneLine(Assert.Throws<RasterFormatException>(() => RasterDataset.Open(path)), path, "empty");
    }

    [Fact]
    public void Text_file_named_tif()
    {
        using var dir = new TempFolder();
        var path = dir.File("notes.tif");
        File.WriteAllText(path, "this is not a raster\nsecond line\n");
        AssertOneLine(Assert.Throws<RasterFormatException>(() => RasterDataset.Open(path)), path, "not a raster");
    }

    [Fact]
    public void Folder_instead_of_file()
    {
        using var dir = new TempFolder();
        AssertOneLine(Assert.Throws<RasterFormatException>(() => RasterDataset.Open(dir.Path)), dir.Path, "folder");
    }

    [Fact]
    public void Truncated_geotiff_fails_when_its_pixels_are_read()
    {
        using var dir = new TempFolder();
        var whole = dir.File("whole.tif");
        using (var r = new InMemoryRaster(300, 300, 1, RasterDataType.Float32))
        {
            r.Write<float>(1, Enumerable.Range(0, 90000).Select(i => (float)Math.Sin(i)).ToArray());
            r.SaveAs(whole, RasterFormat.GeoTiff);
        }
        var truncated = dir.File("truncated.tif");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var e = Assert.ThrowsAny<RasterException>(() =>
        {
            using var ds = RasterDataset.Open(truncated);
            ds.Band(1).Read<float>();
        });
        AssertOneLine(e, truncated, "");
    }

    [Fact]
    public void Geotiff_without_band_names_is_not_a_band_stack()
    {
        using var dir = new TempFolder();
        var path = dir.File("anonymous.tif");
        RasterDatasetTests.WriteRamp(path, 4, 4);
        var e = Assert.Throws<RasterContentException>(() => BandStack.Open(path));
        AssertOneLine(e, path, "no name");
    }

    [Fact]
    public void Window_outside_the_raster_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("small.tif");
        RasterDatasetTests.WriteRamp(path, 4, 4);
        using var ds = RasterDataset.Open(path);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Band(1).Read<float>(new Window(2, 2, 4, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Window(0, 0, 0, 5));
    }

    internal static void AssertOneLine(Exception e, string path, string reason)
    {
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', e.Message);
    }
}
