using CloudMask.Masking.Analysis;
using CloudMask.Masking.Data;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests.Analysis;

public class LabellingExportTests
{
    /// <summary>A georeferenced in-memory scene (UTM-like transform, 10 m pixels).</summary>
    private sealed class GeoSource(LabelledSample sample) : ISpectralSource
    {
        private readonly SampleSpectralSource inner = new(sample);
        public string Path => "/data/scene_A.tif";
        public int Width => sample.Width;
        public int Height => sample.Height;
        public GeoTransform? GeoTransform => new GeoTransform(500000, 10, 0, 6000000, 0, -10);
        public string? Crs => Raster.Crs.FromEpsg(32633);
        public IReadOnlyList<SpectralBand> SpectralBands => sample.Bands;
        public void ReadReflectance(int band, Window window, Span<float> destination) => inner.ReadReflectance(band, window, destination);
    }

    [Fact]
    public void Exported_tiles_are_chips_whose_prelabel_is_the_prediction_and_come_back_through_the_chip_format()
    {
        using var dir = new TempFolder();
        var sample = AnalysisFakes.Sample("scene", 64, 48, 0.4);
        var source = new GeoSource(sample);
        var score = new SubTileScore(source.Path, 32, 16, 32, 32, 1, 0.3, null, 0.3, [0.5, 0, 0, 0.5]);
        var tile = new SelectedTile(1, LabellingExport.NameFor(1, source.Path, 32, 16), score);
        Assert.Equal("001_scene_A_x32_y16", tile.Name);
        LabellingExport.WriteTile(source, tile, new AnalysisFakes.RedThresholdModel(), dir.Path, overwrite: false);
        LabellingExport.WriteRanking(dir.File(LabellingExport.RankingFileName), [tile], _ => (source.GeoTransform, source.Crs), overwrite: false);
        Assert.Equal(["001_scene_A_x32_y16.png", "001_scene_A_x32_y16.prelabel.tif", "001_scene_A_x32_y16.tif", "ranking.csv"], dir.FileNames());

        // The labeller accepts the pre-label as it is: the chip folder then holds one labelled chip.
        File.Copy(dir.File(tile.Name + ".prelabel.tif"), dir.File(tile.Name + ".label.tif"));
        var chips = new ChipFolderSource(dir.Path);
        var chip = chips.Load(0);
        Assert.Equal((32, 32), (chip.Width, chip.Height));
        Assert.Equal(["B02", "B04"], chip.Bands.Select(b => b.Name));
        Assert.Equal(0.665, chip.Bands[1].CentralWavelengthUm, 2);
        // Pixels are the window's, and the pre-label is the model's answer there (which equals the truth for this model).
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++)
            {
                Assert.Equal(sample.Planes[1][(16 + y) * 64 + 32 + x], chip.Planes[1][y * 32 + x]);
                Assert.Equal(sample.Labels[(16 + y) * 64 + 32 + x], chip.Labels[y * 32 + x]);
            }
        using (var image = RasterDataset.Open(dir.File(tile.Name + ".tif")))
            Assert.Equal(500000 + 32 * 10, image.GeoTransform!.Value.OriginX, 6);

        var rows = File.ReadAllLines(dir.File(LabellingExport.RankingFileName));
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("1,001_scene_A_x32_y16,/data/scene_A.tif,32,16,32,32,500320,5999840,", rows[1]);

        // Nothing is overwritten without being asked.
        Assert.Throws<OutputExistsException>(() => LabellingExport.WriteTile(source, tile, new AnalysisFakes.RedThresholdModel(), dir.Path, overwrite: false));
    }
}
