using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Raster;
using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Chips;

/// <summary>
/// Writes a chip in the project's chip format (shared/data/SOURCES.md): NAME.tif, float32
/// reflectance, one band per sensor band with its name as description and, in the IMAGERY
/// metadata domain, CENTRAL_WAVELENGTH_UM and FWHM_UM; NAME.label.tif, uint8 label codes; and on
/// request NAME.optical-depth.tif, the cloud optical thickness the labels were cut from.
/// Simulated chips are georeferenced in UTM 33N (EPSG:32633); the position is nominal.
/// </summary>
public static class ChipWriter
{
    /// <summary>Nominal UTM position of every simulated chip's top-left corner.</summary>
    public const double NominalEasting = 399960, NominalNorthing = 5900040;
    public const int NominalEpsg = 32633;

    /// <param name="opticalDepth">Also write NAME.optical-depth.tif (<see cref="WriteOpticalDepth"/>).</param>
    /// <returns>Paths of the image and the label file.</returns>
    public static (string Image, string Label) Write(SimulatedChip chip, string directory, string name, bool overwrite = false, bool opticalDepth = false)
    {
        Directory.CreateDirectory(directory);
        var image = Path.Combine(directory, name + ".tif");
        var label = Path.Combine(directory, name + ".label.tif");
        WriteImage(chip, image, overwrite);
        WriteLabels(chip, label, overwrite);
        if (opticalDepth) WriteOpticalDepth(chip, Path.Combine(directory, name + ".optical-depth.tif"), overwrite);
        return (image, label);
    }

    /// <summary>Each pixel's cloud optical thickness along the view path (float32), which the labels
    /// are cut from (<see cref="LabelRules"/>); `evaluate` sorts predictions by it.</summary>
    public static void WriteOpticalDepth(SimulatedChip chip, string path, bool overwrite = false)
    {
        using var raster = new InMemoryRaster(chip.Width, chip.Height, 1, RasterDataType.Float32);
        Georeference(raster, chip.PixelSizeM);
        raster.SetDescription(1, "cloud_optical_depth");
        raster.SetMetadataItem("THIN_CLOUD_FROM", Format(LabelRules.ThinCloudTau));
        raster.SetMetadataItem("CLOUD_FROM", Format(LabelRules.ThickCloudTau));
        raster.Write<float>(1, chip.Raster.CloudTau);
        raster.SaveAs(path, RasterFormat.GeoTiff, overwrite);
    }

    public static void WriteImage(SimulatedChip chip, string path, bool overwrite = false)
    {
        var bands = chip.Sensor.Bands;
        using var raster = new InMemoryRaster(chip.Width, chip.Height, bands.Count, RasterDataType.Float32);
        Georeference(raster, chip.PixelSizeM);
        raster.SetMetadataItem("SIMULATED", "YES");
        raster.SetMetadataItem("SIMULATION_SEED", chip.Spec.Seed.ToString(CultureInfo.InvariantCulture));
        raster.SetMetadataItem("SIMULATION_SCENE", chip.Spec.Kind.ToString());
        raster.SetMetadataItem("SENSOR", chip.Sensor.Name);
        raster.SetMetadataItem("RADIOMETRY", chip.Level == RadiometricLevel.TopOfAtmosphere ? "TOA_REFLECTANCE" : "BOA_REFLECTANCE");
        for (int b = 0; b < bands.Count; b++)
        {
            int gdalBand = b + 1;
            raster.SetDescription(gdalBand, bands[b].Name);
            raster.SetMetadataItem("CENTRAL_WAVELENGTH_UM", Format(bands[b].CentralWavelengthUm), "IMAGERY", gdalBand);
            raster.SetMetadataItem("FWHM_UM", Format(bands[b].FwhmUm), "IMAGERY", gdalBand);
            raster.SetNoData(gdalBand, 0);
            raster.Write<float>(gdalBand, chip.Raster.Bands[b]);
        }
        raster.SaveAs(path, ImageFormat, overwrite);
    }

    public static void WriteLabels(SimulatedChip chip, string path, bool overwrite = false)
    {
        using var raster = new InMemoryRaster(chip.Width, chip.Height, 1, RasterDataType.Byte);
        Georeference(raster, chip.PixelSizeM);
        raster.SetDescription(1, "label");
        raster.SetMetadataItem("CLASSES", string.Join(",", MaskClasses.All.Select(c => $"{(int)c}={MaskClasses.Name(c)}")));
        raster.SetMetadataItem("THIN_CLOUD_TAU", Format(LabelRules.ThinCloudTau));
        raster.SetMetadataItem("THICK_CLOUD_TAU", Format(LabelRules.ThickCloudTau));
        raster.SetColorTable(1, LabelPalette.Table);
        raster.Write<byte>(1, chip.Raster.Labels);
        raster.SaveAs(path, RasterFormat.GeoTiff, overwrite);
    }

    /// <summary>
    /// Tiled GeoTIFF, ZSTD level 1 with the floating-point predictor: noisy float reflectance hardly
    /// compresses, and DEFLATE would spend twice as long as the simulation itself for 2 % less size.
    /// </summary>
    public static RasterFormat ImageFormat { get; } = RasterFormat.Custom("GTiff", "TILED=YES", "COMPRESS=ZSTD", "ZSTD_LEVEL=1", "PREDICTOR=3");

    private static void Georeference(InMemoryRaster raster, double pixelSizeM)
    {
        raster.GeoTransform = new GeoTransform(NominalEasting, pixelSizeM, 0, NominalNorthing, 0, -pixelSizeM);
        raster.Crs = Crs.FromEpsg(NominalEpsg);
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
