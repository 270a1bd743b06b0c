using CloudMask.Masking.Inference;
using CloudMask.Raster;

namespace CloudMask.Masking.Output;

/// <summary>Writes the per-pixel uncertainty band as a COG, its meaning in the band's metadata.</summary>
public static class UncertaintyWriter
{
    public static void Write(string path, byte[] uncertainty, int width, int height, GeoReference georeference, bool overwrite)
    {
        using var raster = new InMemoryRaster(width, height, 1, RasterDataType.Byte)
        {
            GeoTransform = georeference.Transform,
            Crs = georeference.Crs,
        };
        raster.Write<byte>(1, uncertainty);
        raster.SetDescription(1, "uncertainty");
        raster.SetMetadataItem("MEANING", Uncertainty.Meaning, band: 1);
        raster.SetMetadataItem("METHOD", "predictive entropy", band: 1);
        raster.BuildOverviews(Resampling.Average);
        raster.SaveAs(path, RasterFormat.Cog(Resampling.Average), overwrite);
    }
}
