using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Raster.Tests;

public class BandStackTests
{
    [Fact]
    public void Uint16_without_scale_is_dn_over_10000_and_nodata_becomes_nan()
    {
        using var dir = new TempFolder();
        var path = dir.File("dn.tif");
        using (var r = new InMemoryRaster(2, 1, 2, RasterDataType.UInt16))
        {
            r.Write<ushort>(1, new ushort[] { 0, 2500 });
            r.Write<ushort>(2, new ushort[] { 1000, 12000 });
            r.SetDescription(1, "B04");
            r.SetDescription(2, "B8");
            r.SetNoData(1, 0);
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var stack = BandStack.Open(path);
        Assert.Equal(["B04", "B08"], stack.Bands.Select(b => b.Name));
        var red = stack.ReadReflectance(0);
        Assert.True(float.IsNaN(red[0]));
        Assert.Equal(0.25f, red[1], 1e-6f);
        Assert.Equal([0.1f, 1.2f], stack.ReadReflectance(1));
        Assert.Equal(0.8328, stack.Bands[1].Spectral.CentralWavelengthUm);
    }

    [Fact]
    public void Band_scale_and_offset_are_applied()
    {
        using var dir = new TempFolder();
        var path = dir.File("scaled.tif");
        using (var r = new InMemoryRaster(1, 1, 1, RasterDataType.UInt16))
        {
            r.Write<ushort>(1, new ushort[] { 3000 });
            r.SetDescription(1, "OLI_B4");
            r.SetScaleOffset(1, 0.0001, -0.1); // the Sentinel-2 N0400 convention: (DN - 1000) / 10000
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var stack = BandStack.Open(path);
        Assert.Equal(0.2f, stack.ReadReflectance(0)[0], 1e-6f);
        Assert.Equal("band scale/offset", stack.Bands[0].Encoding.Source);
    }

    [Fact]
    public void Stac_common_names_identify_bands_and_presets_find_them()
    {
        // A stack exported from a STAC catalogue: bands named by eo:common_name, in any case.
        using var dir = new TempFolder();
        var path = dir.File("stac.tif");
        string[] names = ["Red", "green", "blue", "nir08", "swir16", "rededge2"];
        using (var r = new InMemoryRaster(1, 1, names.Length, RasterDataType.Float32))
        {
            for (var b = 0; b < names.Length; b++) r.SetDescription(b + 1, names[b]);
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var stack = BandStack.Open(path);
        Assert.Equal(["red", "green", "blue", "nir08", "swir16", "rededge2"], stack.Bands.Select(b => b.Name));
        Assert.Equal(0.6646, stack.Bands[0].Spectral.CentralWavelengthUm);
        Assert.Equal(0.8647, stack.Bands[3].Spectral.CentralWavelengthUm);
        Assert.Equal(0.7405, stack.Bands[5].Spectral.CentralWavelengthUm);
        // rgbn picks blue, green, red and the NIR band by wavelength.
        Assert.Equal([2, 1, 0, 3], BandChoice.Parse("rgbn").Select(stack.SpectralBands, path));
    }

    [Fact]
    public void Given_band_names_replace_the_descriptions_and_unknown_ones_are_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("named.tif");
        using (var r = new InMemoryRaster(1, 1, 2, RasterDataType.UInt16))
        {
            r.SetDescription(1, "B04"); // overridden: the caller knows better
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using (var stack = BandStack.Open(path, ["OLI_B5", "swir22"]))
        {
            Assert.Equal(["OLI_B5", "swir22"], stack.Bands.Select(b => b.Name));
            Assert.Equal("given name", stack.Bands[0].IdentifiedBy);
            Assert.Equal(ReflectanceEncoding.DnOver10000, stack.Bands[1].Encoding);
        }
        var unknown = Assert.Throws<RasterContentException>(() => BandStack.Open(path, ["nir", "thermal"]));
        Assert.Contains("'thermal' given for band 2 is not a known band", unknown.Message);
    }

    [Fact]
    public void Unnamed_band_with_wavelength_metadata_is_identified_by_it()
    {
        using var dir = new TempFolder();
        var path = dir.File("wavelength.tif");
        using (var r = new InMemoryRaster(1, 1, 1, RasterDataType.Float32))
        {
            r.SetMetadataItem("CENTRAL_WAVELENGTH_UM", "0.56", "IMAGERY", band: 1);
            r.SetMetadataItem("FWHM_UM", "0.04", "IMAGERY", band: 1);
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        using var stack = BandStack.Open(path);
        Assert.Equal((0.56, 0.04, "wavelength metadata"), (stack.Bands[0].Spectral.CentralWavelengthUm, stack.Bands[0].Spectral.FwhmUm, stack.Bands[0].IdentifiedBy));
    }

    [Fact]
    public void Byte_band_without_scale_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("bytes.tif");
        using (var r = new InMemoryRaster(1, 1, 1, RasterDataType.Byte))
        {
            r.SetDescription(1, "B02");
            r.SaveAs(path, RasterFormat.GeoTiff);
        }
        var e = Assert.Throws<RasterContentException>(() => BandStack.Open(path));
        BadInputTests.AssertOneLine(e, path, "cannot tell its reflectance");
    }

    [Fact]
    public void Digital_numbers_read_as_reflectance_are_refused_but_reflectance_and_thermal_bands_pass()
    {
        using var dir = new TempFolder();
        string Write(string name, float[] red, float[]? thermal = null)
        {
            var path = dir.File(name);
            using var r = new InMemoryRaster(4, 2, thermal is null ? 1 : 2, RasterDataType.Float32);
            r.Write<float>(1, red);
            r.SetDescription(1, "B04");
            if (thermal is not null)
            {
                r.Write<float>(2, thermal);
                r.SetMetadataItem("CENTRAL_WAVELENGTH_UM", "10.9", "IMAGERY", band: 2); // Landsat TIRS, in kelvin
            }
            r.SaveAs(path, RasterFormat.GeoTiff);
            return path;
        }
        var dn = Write("dn-as-float.tif", [0, 812, 1190, 2405, 3020, 640, 9870, 1533]);
        var e = Assert.Throws<RasterContentException>(() => BandStack.Open(dn));
        BadInputTests.AssertOneLine(e, dn, "band 1 (B04), read as reflectance (stored as reflectance), has a median of 1533 in the middle of the image");

        // Bright cloud and snow reach 1.0-1.5 in reflectance; the median of a cloudy scene is still far below the line.
        using (var cloudy = BandStack.Open(Write("cloudy.tif", [1.1f, 1.3f, 0.9f, 1.45f, 0.05f, 1.2f, 1.0f, 0.95f], thermal: [285, 290, 230, 231, 232, 288, 240, 250])))
            Assert.Equal(1.45f, cloudy.ReadReflectance(0)[3]);
        // The same digital numbers with a scale are reflectance; with scale 1 (as some tools write) they are not.
        string Scaled(string name, double scale)
        {
            var path = dir.File(name);
            using var r = new InMemoryRaster(1, 1, 1, RasterDataType.Float32);
            r.Write<float>(1, [1533f]);
            r.SetDescription(1, "B04");
            r.SetScaleOffset(1, scale, 0);
            r.SaveAs(path, RasterFormat.GeoTiff);
            return path;
        }
        using (var scaled = BandStack.Open(Scaled("dn-scaled.tif", 0.0001)))
            Assert.Equal(0.1533f, scaled.ReadReflectance(0)[0], 1e-6f);
        var one = Scaled("dn-scale-1.tif", 1);
        BadInputTests.AssertOneLine(Assert.Throws<RasterContentException>(() => BandStack.Open(one)), one, "has a median of 1533 in the middle of the image");
    }

    [Fact]
    public void Catalogue_finds_names_in_their_usual_spellings()
    {
        Assert.Equal("B02", SensorBands.Find("b2")!.Name);
        Assert.Equal("B8A", SensorBands.Find("B8A_20m")!.Name);
        Assert.Equal(1.373, SensorBands.Find("OLI_B9")!.CentralWavelengthUm);
        Assert.Null(SensorBands.Find("B13"));
        Assert.Equal(13, SensorBands.Sentinel2Msi.Count);
        Assert.Equal(SensorBands.Sentinel2Msi.OrderBy(b => b.CentralWavelengthUm), SensorBands.Sentinel2Msi); // band_id order is wavelength order
    }

    [SkippableFact]
    public void Reads_the_real_landsat_biome_chip()
    {
        var path = SharedData.RequireFile("chips-dev/biome_Barren_00_0214.tif");
        using var stack = BandStack.Open(path);
        Assert.Equal(["OLI_B2", "OLI_B3", "OLI_B4", "OLI_B5", "OLI_B6", "OLI_B7", "OLI_B9"], stack.Bands.Select(b => b.Name));
        Assert.Equal([0.4826, 0.5613, 0.6546, 0.8646, 1.609, 2.201, 1.373], stack.Bands.Select(b => b.Spectral.CentralWavelengthUm));
        var blue = stack.ReadReflectance(0);
        Assert.Equal(256 * 256, blue.Length);
        Assert.All(blue, v => Assert.InRange(v, 0f, 1.5f));
    }

    [SkippableFact]
    public void Reads_the_real_sentinel2_reference_scene()
    {
        var path = SharedData.RequireFile("s2-unlabelled/eolearn_reference_0.tif");
        using var stack = BandStack.Open(path);
        Assert.Equal(SensorBands.Sentinel2Msi.Select(b => b.Name), stack.Bands.Select(b => b.Name));
    }
}
