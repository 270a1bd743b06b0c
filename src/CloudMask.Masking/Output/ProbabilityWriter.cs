using CloudMask.Masking.Classes;
using CloudMask.Raster;

namespace CloudMask.Masking.Output;

/// <summary>Writes class probabilities as a COG: one uint8 band per predicted class, probability x 255.</summary>
public static class ProbabilityWriter
{
    public static void Write(string path, byte[][] planes, int width, int height, GeoReference georeference, bool overwrite)
    {
        using var raster = new InMemoryRaster(width, height, planes.Length, RasterDataType.Byte)
        {
            GeoTransform = georeference.Transform,
            Crs = georeference.Crs,
        };
        for (var b = 0; b < planes.Length; b++)
        {
            raster.Write<byte>(b + 1, planes[b]);
            var c = MaskClasses.Predicted[b];
            raster.SetDescription(b + 1, $"p({MaskClasses.Name(c)})");
            raster.SetMetadataItem("CLASS_CODE", ((byte)c).ToString(System.Globalization.CultureInfo.InvariantCulture), band: b + 1);
            raster.SetScaleOffset(b + 1, 1 / 255.0, 0);
        }
        raster.SetMetadataItem("MEANING", "probability of each class x 255 (band scale gives 0..1); all bands 0 where the input has no data");
        raster.BuildOverviews(Resampling.Average);
        raster.SaveAs(path, RasterFormat.Cog(Resampling.Average), overwrite);
    }
}
