using CloudMask.Raster;
using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Products;
using CloudMask.Simulation.Scenes;
using CloudMask.TestSupport;

namespace CloudMask.Simulation.Tests;

/// <summary>
/// Simulated products must be real SAFE products to GDAL: the SENTINEL2 driver must open them
/// and list the same subdatasets as for ESA's products. Sizes are small (216 px at 10 m) to
/// keep JPEG 2000 encoding quick.
/// </summary>
public class ProductTests
{
    private const int Size = 216;

    private static readonly string[] RealL1CDescriptions =
    [
        "Bands B2, B3, B4, B8 with 10m resolution, UTM 33N",
        "Bands B5, B6, B7, B8A, B11, B12 with 20m resolution, UTM 33N",
        "Bands B1, B9, B10 with 60m resolution, UTM 33N",
        "True color image, UTM 33N",
    ];

    private static readonly string[] RealL2ADescriptions =
    [
        "Bands B2, B3, B4, B8 with 10m resolution, UTM 33N",
        "Bands B5, B6, B7, B8A, B11, B12, AOT, CLD, SCL, SNW, WVP with 20m resolution, UTM 33N",
        "Bands B1, B9, AOT, CLD, SCL, SNW, WVP with 60m resolution, UTM 33N",
        "True color image, UTM 33N",
    ];

    [Fact]
    public void Sentinel2DriverListsTheSubdatasetsOfARealL1CProduct()
    {
        using var temp = new TempFolder("sim-l1c");
        var product = SafeProductWriter.Write(new ProductRequest(3, ProductLevel.L1C, Size, Regime: "cumulus"), temp.Path);

        using var dataset = RasterDataset.Open(product.MetadataPath);
        Assert.Equal(RealL1CDescriptions, dataset.Subdatasets.Select(s => s.Description));

        var tenMetre = dataset.Subdatasets.Single(s => s.Name.Contains(":10m:"));
        using var bands = RasterDataset.Open(tenMetre.Name);
        Assert.Equal((Size, Size), (bands.Width, bands.Height));
        Assert.Equal(4, bands.BandCount);
        var dn = bands.Band(1).Read<ushort>();
        Assert.All(dn.Where(v => v != 0), v => Assert.True(v > 1000, "baseline 05.09 DNs carry the +1000 offset"));
    }

    [Fact]
    public void Sentinel2DriverListsTheSubdatasetsOfARealL2AProduct()
    {
        using var temp = new TempFolder("sim-l2a");
        var product = SafeProductWriter.Write(new ProductRequest(4, ProductLevel.L2A, Size, Regime: "broken"), temp.Path);

        using var dataset = RasterDataset.Open(product.MetadataPath);
        Assert.Equal(RealL2ADescriptions, dataset.Subdatasets.Select(s => s.Description));
        using var twenty = RasterDataset.Open(dataset.Subdatasets.Single(s => s.Name.Contains(":20m:")).Name);
        Assert.Equal(11, twenty.BandCount);
        Assert.Equal(Size / 2, twenty.Width);
    }

    [Fact]
    public void BaselinesBeforeAndAfter0400DifferByTheOffset()
    {
        using var temp = new TempFolder("sim-baseline");
        var old = SafeProductWriter.Write(new ProductRequest(5, ProductLevel.L1C, Size, new ProcessingBaseline(3, 1), PartialTileChance: 0), temp.Path);
        var current = SafeProductWriter.Write(new ProductRequest(5, ProductLevel.L1C, Size, new ProcessingBaseline(4, 0), PartialTileChance: 0), temp.Path);

        Assert.DoesNotContain("RADIO_ADD_OFFSET", File.ReadAllText(old.MetadataPath));
        var text = File.ReadAllText(current.MetadataPath);
        Assert.Equal(13, System.Text.RegularExpressions.Regex.Matches(text, "<RADIO_ADD_OFFSET band_id=\"\\d+\">-1000</RADIO_ADD_OFFSET>").Count);

        var oldDn = ReadBand(old, "B02");
        var newDn = ReadBand(current, "B02");
        Assert.Equal(oldDn.Length, newDn.Length);
        for (int i = 0; i < oldDn.Length; i += 97) Assert.Equal(oldDn[i] + 1000, newDn[i]);
    }

    [Fact]
    public void ZippedProductOpensThroughVsizipAndLabelsMatchTheGrid()
    {
        using var temp = new TempFolder("sim-zip");
        var product = SafeProductWriter.Write(new ProductRequest(6, ProductLevel.L1C, Size, Zip: true), temp.Path);
        Assert.EndsWith(".zip", product.ProductPath);
        Assert.False(Directory.Exists(product.ProductPath[..^4] + ".SAFE"));

        using var dataset = RasterDataset.Open(product.MetadataPath);
        Assert.Equal(4, dataset.Subdatasets.Count);

        using var labels = RasterDataset.Open(product.LabelPath);
        Assert.Equal((Size, Size), (labels.Width, labels.Height));
        Assert.All(labels.Band(1).Read<byte>(), v => Assert.InRange(v, LabelCodes.Missing, LabelCodes.Cloud));
    }

    [Fact]
    public void OpticalDepthLayerIsWhatTheLabelsAreCutFrom()
    {
        using var temp = new TempFolder("sim-tau");
        var product = SafeProductWriter.Write(new ProductRequest(7, ProductLevel.L1C, Size, Regime: "mixed", PartialTileChance: 0, OpticalDepth: true), temp.Path);
        Assert.NotNull(product.OpticalDepthPath);
        using var depthFile = RasterDataset.Open(product.OpticalDepthPath!);
        using var labelFile = RasterDataset.Open(product.LabelPath);
        Assert.Equal((Size, Size), (depthFile.Width, depthFile.Height));
        Assert.Equal(labelFile.GeoTransform, depthFile.GeoTransform);
        var depth = depthFile.Band(1).Read<float>();
        var labels = labelFile.Band(1).Read<byte>();
        var seen = SceneAssertions.LabelsFollowOpticalDepth(labels, depth);
        Assert.Superset(new HashSet<byte> { LabelCodes.Clear, LabelCodes.SemiTransparent, LabelCodes.Cloud }, seen);

        // Without the request, no such file.
        var plain = SafeProductWriter.Write(new ProductRequest(7, ProductLevel.L1C, Size, Regime: "mixed", PartialTileChance: 0), Path.Combine(temp.Path, "plain"));
        Assert.Null(plain.OpticalDepthPath);
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "plain"), "*.optical-depth.tif"));
    }

    [Fact]
    public void RefusesToOverwriteAnExistingProduct()
    {
        using var temp = new TempFolder("sim-overwrite");
        var request = new ProductRequest(8, ProductLevel.L1C, 36);
        SafeProductWriter.Write(request, temp.Path);
        Assert.Throws<OutputExistsException>(() => SafeProductWriter.Write(request, temp.Path));
        SafeProductWriter.Write(request, temp.Path, overwrite: true);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(temp.Path), e => Path.GetFileName(e).StartsWith('.'));
    }

    private static ushort[] ReadBand(SimulatedProduct product, string band)
    {
        var file = Directory.GetFiles(product.ProductPath, $"*_{band}.jp2", SearchOption.AllDirectories).Single();
        using var dataset = RasterDataset.Open(file);
        return dataset.Band(1).Read<ushort>();
    }

    /// <summary>The expected lists above are what GDAL says about ESA's own metadata (zone aside).</summary>
    [SkippableTheory]
    [InlineData("S2A_MSIL1C_20210908T042701_N0301_R133_T46RER_20210908T070248.SAFE/MTD_MSIL1C.xml", "UTM 46N", false)]
    [InlineData("S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126.SAFE/MTD_MSIL2A.xml", "UTM 33N", true)]
    public void ExpectedListsAreThoseOfRealProducts(string relative, string zone, bool l2a)
    {
        var path = SharedData.RequireFile(Path.Combine("safe-metadata", "stactools", relative));
        using var real = RasterDataset.Open(path);
        var expected = l2a ? RealL2ADescriptions : RealL1CDescriptions;
        Assert.Equal(expected, real.Subdatasets.Select(s => s.Description.Replace(zone, "UTM 33N")));
    }
}
