using CloudMask.Labelling;
using CloudMask.Masking.Classes;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Labelling.Tests;

public class PairLabelJobTests
{
    private static void WriteStack(string path, float[][] planes, int size, double originX = 500000)
    {
        using var raster = new InMemoryRaster(size, size, planes.Length, RasterDataType.Float32);
        raster.GeoTransform = new GeoTransform(originX, 10, 0, 5000000, 0, -10);
        for (var b = 0; b < planes.Length; b++)
        {
            raster.SetDescription(b + 1, PairLabellerTests.Bands[b].Name);
            raster.Write<float>(b + 1, planes[b]);
        }
        raster.SaveAs(path, RasterFormat.GeoTiff);
    }

    [Fact]
    public void A_pair_of_files_gives_a_label_file_on_the_cloudy_images_grid()
    {
        using var dir = new TempFolder();
        var (cloudy, clear) = PairLabellerTests.Scene();
        WriteStack(dir.File("a.cloudy.tif"), cloudy, 64);
        WriteStack(dir.File("a.clear.tif"), clear, 64);
        var labels = PairLabelJob.Run(dir.File("a.cloudy.tif"), dir.File("a.clear.tif"), dir.File("a.label.tif"));

        using var written = RasterDataset.Open(dir.File("a.label.tif"));
        var codes = written.Bands[0].Read<byte>();
        Assert.Equal(labels.Codes, codes);
        Assert.Equal((byte)MaskClass.Cloud, codes[12 * 64 + 12]);
        Assert.Equal(500000, written.GeoTransform!.Value.OriginX);
        Assert.Equal(["a.clear.tif", "a.cloudy.tif", "a.label.tif"], dir.FileNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Images_on_different_grids_or_an_existing_output_are_refused_and_nothing_is_written()
    {
        using var dir = new TempFolder();
        var (cloudy, clear) = PairLabellerTests.Scene();
        WriteStack(dir.File("a.tif"), cloudy, 64);
        WriteStack(dir.File("b.tif"), clear, 64, originX: 500100);
        WriteStack(dir.File("small.tif"), clear.Select(p => p[..(32 * 32)]).ToArray(), 32);

        var shifted = Assert.Throws<RasterContentException>(() => PairLabelJob.Run(dir.File("a.tif"), dir.File("b.tif"), dir.File("out.label.tif")));
        Assert.Contains("another grid", shifted.Message);
        var smaller = Assert.Throws<RasterContentException>(() => PairLabelJob.Run(dir.File("a.tif"), dir.File("small.tif"), dir.File("out.label.tif")));
        Assert.Contains("32x32 px", smaller.Message);
        Assert.False(File.Exists(dir.File("out.label.tif")));

        File.WriteAllText(dir.File("taken.label.tif"), "mine");
        Assert.Throws<OutputExistsException>(() => PairLabelJob.Run(dir.File("a.tif"), dir.File("a.tif"), dir.File("taken.label.tif")));
        Assert.Equal("mine", File.ReadAllText(dir.File("taken.label.tif")));
    }
}
