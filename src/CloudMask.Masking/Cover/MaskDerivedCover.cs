using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;

namespace CloudMask.Masking.Cover;

/// <summary>The baseline: cover % of a segmentation model's mask, thin + thick cloud over valid pixels.</summary>
public static class MaskDerivedCover
{
    /// <summary>The model's mask of the sample, predicted as `predict` would (tiled, label-0 pixels as nodata);
    /// null when the model cannot use the sample's bands.</summary>
    public static byte[]? Predict(ISegmentationModel model, LabelledSample sample) =>
        model.CheckBands(sample.Bands) is not null ? null : new TiledPredictor(model).Predict(new SampleSpectralSource(sample)).Mask;

    /// <summary>Cover % of <paramref name="mask"/> over the sample's valid pixels (labels 1-4), or of its parts
    /// (tiles x tiles, in <see cref="CoverPatch.Parts"/> order); NaN for all when there is no mask.</summary>
    public static double[] Percent(byte[]? mask, LabelledSample sample, int tiles = 1)
    {
        var result = new double[tiles * tiles];
        if (mask is null) return Enumerable.Repeat(double.NaN, result.Length).ToArray();
        int w = sample.Width, tw = w / tiles, th = sample.Height / tiles;
        for (var t = 0; t < result.Length; t++)
        {
            long valid = 0, cloud = 0;
            int x0 = t % tiles * tw, y0 = t / tiles * th;
            for (var y = y0; y < y0 + th; y++)
                for (var x = x0; x < x0 + tw; x++)
                {
                    var i = y * w + x;
                    if (sample.Labels[i] is < 1 or > 4) continue;
                    valid++;
                    if ((MaskClass)mask[i] is MaskClass.Cloud or MaskClass.SemiTransparentCloud) cloud++;
                }
            result[t] = valid == 0 ? double.NaN : 100.0 * cloud / valid;
        }
        return result;
    }
}
