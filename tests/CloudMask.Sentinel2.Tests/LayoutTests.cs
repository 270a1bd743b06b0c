using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Tests;

public class LayoutTests
{
    [Fact]
    public void Compact_product_name_is_parsed_into_its_parts_and_written_back()
    {
        const string text = "S2A_MSIL1C_20220125T101301_N0400_R022_T32TQM_20220125T121516.SAFE";
        Assert.True(ProductName.TryParse("/data/" + text, out var name));
        Assert.Equal("2A", name.Spacecraft);
        Assert.Equal(ProductLevel.L1C, name.Level);
        Assert.Equal(new DateTime(2022, 1, 25, 10, 13, 1, DateTimeKind.Utc), name.SensingStart);
        Assert.Equal(new ProcessingBaseline(4, 0), name.Baseline);
        Assert.Equal(22, name.RelativeOrbit);
        Assert.Equal("32TQM", name.Tile);
        Assert.Equal(new DateTime(2022, 1, 25, 12, 15, 16, DateTimeKind.Utc), name.Discriminator);
        Assert.Equal(text, name.SafeFolderName);
    }

    [Theory]
    [InlineData("S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126.SAFE.zip", "2B", ProductLevel.L2A)]
    [InlineData("esa_S2B_MSIL2A_20210122T133229_N0214_R081_T22HBD_20210122T155500.SAFE", "2B", ProductLevel.L2A)]
    [InlineData("S2C_MSIL1C_20250101T101301_N0511_R022_T32TQM_20250101T121516", "2C", ProductLevel.L1C)]
    public void Name_variants_seen_in_archives_are_accepted(string text, string spacecraft, ProductLevel level)
    {
        Assert.True(ProductName.TryParse(text, out var name));
        Assert.Equal(spacecraft, name.Spacecraft);
        Assert.Equal(level, name.Level);
    }

    [Fact]
    public void Name_without_baseline_token_parses_with_null_baseline()
    {
        Assert.True(ProductName.TryParse("S2A_MSIL1C_20200717T221941_R029_T01LAC_20200717T234135.SAFE", out var name));
        Assert.Null(name.Baseline);
        Assert.Equal("01LAC", name.Tile);
    }

    [Theory]
    [InlineData("S2A_OPER_PRD_MSIL1C_PDMC_20151218T020842_R115_V20151217T224602_20151217T224602.SAFE")]
    [InlineData("S2A_USER_PRD_MSIL2A_PDMC_20160310T041843_R138_V20160308T131142_20160308T131142.SAFE")]
    [InlineData("S2A_OPER_MTD_SAFL1C_PDMC_20151218T020842_R115_V20151217T224602_20151217T224602.xml")]
    public void Legacy_names_are_recognised_and_not_taken_for_compact_ones(string text)
    {
        Assert.True(ProductName.IsLegacyName(text));
        Assert.False(ProductName.TryParse(text, out _));
    }

    [Theory]
    [InlineData("04.00", 4, 0)]
    [InlineData("N0509", 5, 9)]
    [InlineData("0214", 2, 14)]
    [InlineData("N04.00", 4, 0)]
    [InlineData("99.99", 99, 99)]
    public void Baselines_parse_in_every_spelling(string text, int major, int minor)
    {
        Assert.True(ProcessingBaseline.TryParse(text, out var b));
        Assert.Equal(new ProcessingBaseline(major, minor), b);
    }

    [Fact]
    public void Baselines_order_and_offset_rule()
    {
        Assert.True(ProcessingBaseline.Parse("02.14") < ProcessingBaseline.Parse("03.00"));
        Assert.True(ProcessingBaseline.Parse("05.09") > ProcessingBaseline.Parse("04.00"));
        Assert.False(ProcessingBaseline.Parse("03.01").ExpectsRadiometricOffset);
        Assert.True(ProcessingBaseline.Parse("04.00").ExpectsRadiometricOffset);
        Assert.False(ProcessingBaseline.TryParse("4", out _));
        Assert.False(ProcessingBaseline.Parse("07.00").IsKnown);
        Assert.Equal("N0400", ProcessingBaseline.Parse("4.0").ToProductNameToken());
    }

    [Theory]
    [InlineData("T32TQM_20220125T101301_B02.jp2", "B02", null)]
    [InlineData("GRANULE/L2A_X/IMG_DATA/R10m/T32TQM_20220125T101301_B02_10m", "B02", 10)]
    [InlineData("L2A_T31WFN_20170827T105651_B8A_20m.jp2", "B8A", 20)]
    [InlineData("T33XWJ_20220413T150759_SCL_60m", "SCL", 60)]
    [InlineData("MSK_CLDPRB_20m.jp2", "CLD", 20)]
    [InlineData("MSK_SNWPRB_60m.jp2", "SNW", 60)]
    public void Granule_image_names_parse(string file, string layer, int? res)
    {
        Assert.True(GranuleImageName.TryParse(file, out var name));
        Assert.Equal(layer, name.Layer);
        Assert.Equal(res, name.ResolutionM);
    }

    [Theory]
    [InlineData("MSK_DETFOO_B01.jp2")]
    [InlineData("manifest.safe")]
    [InlineData("S2A_OPER_MSI_L1C_TL_SGS__20151218T001707_A002543_T59HNA_B01.jp2")]
    public void Other_files_do_not_parse_as_band_images(string file) => Assert.False(GranuleImageName.TryParse(file, out _));

    [Fact]
    public void Band_sets_per_level()
    {
        Assert.Equal(13, MsiBands.L1C.Count);
        Assert.Equal(12, MsiBands.L2A.Count);
        Assert.DoesNotContain(MsiBands.B10, MsiBands.L2A);
        Assert.Equal(8, MsiBands.B8A.BandId);
        Assert.Equal(Enumerable.Range(0, 13), MsiBands.All.Select(b => b.BandId));
        Assert.Equal(new[] { 60, 10, 10, 10, 20, 20, 20, 10, 20, 60, 60, 20, 20 }, MsiBands.All.Select(b => b.NativeResolutionM));
        Assert.Same(MsiBands.B01, MsiBands.Get("B1"));
        Assert.Equal(0.8647, MsiBands.B8A.CentralWavelengthUm, 4);
        Assert.Throws<ArgumentException>(() => MsiBands.Get("B13"));
    }

    [Fact]
    public void Layout_paths_follow_the_compact_convention()
    {
        Assert.True(ProductName.TryParse("S2A_MSIL2A_20220125T101301_N0400_R022_T32TQM_20220125T121516", out var name));
        var layout = new SafeLayout(name, 34364, new DateTime(2022, 1, 25, 10, 13, 2, DateTimeKind.Utc));
        Assert.Equal("GRANULE/L2A_T32TQM_A034364_20220125T101302", layout.GranulePath);
        Assert.Equal("GRANULE/L2A_T32TQM_A034364_20220125T101302/IMG_DATA/R10m/T32TQM_20220125T101301_B02_10m.jp2", layout.BandPath(MsiBands.B02, 10));
        Assert.Equal("GRANULE/L2A_T32TQM_A034364_20220125T101302/QI_DATA/MSK_CLDPRB_20m.jp2", layout.LayerPath(L2ALayer.CLD, 20));
        Assert.Equal("MTD_MSIL2A.xml", layout.ProductMetadataPath);
        Assert.Throws<ArgumentException>(() => layout.BandPath(MsiBands.B08, 20));
    }
}
