using CloudMask.Masking.Models;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Tests;

public class BandCoverageTests
{
    [Theory]
    [InlineData("B04,B03,B02", BandCoverage.Visible)]
    [InlineData("B01,B02,B03,B04", BandCoverage.Visible)] // coastal is visible too
    [InlineData("OLI_B2,OLI_B3,OLI_B4", BandCoverage.Visible)]
    [InlineData("B02,B03,B04,B08", BandCoverage.VisibleNearInfrared)]
    [InlineData("B02,B03,B04,B05,B8A", BandCoverage.VisibleNearInfrared)]
    [InlineData("B02,B03,B04,B08,B11,B12", BandCoverage.ShortwaveInfrared)]
    [InlineData("B02,B03,B04,B10", BandCoverage.ShortwaveInfrared)] // the cirrus band is beyond 1 um
    public void Coverage_is_how_far_into_the_infrared_the_bands_reach(string names, BandCoverage expected)
    {
        var bands = names.Split(',').Select(n => SensorBands.Find(n) ?? throw new InvalidOperationException(n)).ToArray();
        Assert.Equal(expected, BandCoverages.Of(bands));
    }

    [Fact]
    public void Bands_outside_the_reflective_range_do_not_count_and_none_at_all_is_refused()
    {
        var rgb = "B04,B03,B02".Split(',').Select(n => SensorBands.Find(n)!).ToList();
        Assert.Equal(BandCoverage.Visible, BandCoverages.Of([.. rgb, new SpectralBand("WVP", 0, 0)]));
        Assert.Throws<ArgumentException>(() => BandCoverages.Of([new SpectralBand("AOT", 0, 0)]));
    }

    [Fact]
    public void The_table_reads_general_and_per_coverage_offsets_from_metadata_and_falls_back_to_the_general_ones()
    {
        var table = LogitOffsetTable.FromMetadata(new Dictionary<string, string>
        {
            ["class_logit_offsets"] = "0,0.5,0,0",
            ["class_logit_offsets.visible"] = "0,-0.25,1,0.75",
        });
        Assert.Equal(new LogitOffsets([0f, 0.5f, 0f, 0f]), table.General);
        Assert.Equal(new LogitOffsets([0f, -0.25f, 1f, 0.75f]), table.For(BandCoverage.Visible));
        Assert.Equal(table.General, table.For(BandCoverage.VisibleNearInfrared));
        Assert.Equal(table.General, table.For(BandCoverage.ShortwaveInfrared));
        Assert.True(table.HasOwn(BandCoverage.Visible));
        Assert.False(table.HasOwn(BandCoverage.ShortwaveInfrared));
        Assert.True(LogitOffsetTable.FromMetadata(new Dictionary<string, string>()).IsNone);
    }

    [Fact]
    public void A_malformed_per_coverage_entry_is_refused_with_its_text()
    {
        var e = Assert.Throws<FormatException>(() => LogitOffsetTable.FromMetadata(new Dictionary<string, string> { ["class_logit_offsets.swir"] = "0,1,x,0" }));
        Assert.Contains("0,1,x,0", e.Message);
    }
}
