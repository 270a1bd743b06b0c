using CloudMask.Masking.Inference;
using CloudMask.Raster;

namespace CloudMask.Masking.Output;

/// <summary>Writes the per-pixel uncertainty band (uint8, 0-255) as a COG, its meaning and method in the band's metadata.</summary>
public static class UncertaintyWriter
{
    public static void Write(string path, byte[] uncertainty, int width, int height, GeoReference georeference, bool overwrite,
        UncertaintyMethod method = UncertaintyMethod.Entropy)
    {
        var (name, meaning) = Uncertainty.Describe(method);
        using var raster = new InMemoryRaster(width, height, 1, RasterDataType.Byte)
        {
            GeoTransform = georeference.Transform,
            Crs = georeference.Crs,
        };
        raster.Write<byte>(1, uncertainty);
        raster.SetDescription(1, "uncertainty");
        raster.SetMetadataItem("MEANING", meaning, band: 1);
        raster.SetMetadataItem("METHOD", name, band: 1);
        raster.BuildOverviews(Resampling.Average);
        raster.SaveAs(path, RasterFormat.Cog(Resampling.Average), overwrite);
    }
}
