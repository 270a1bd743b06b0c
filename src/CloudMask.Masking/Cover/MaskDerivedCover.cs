using CloudMask.Masking.Classes;
using CloudMask.Masking.Data;
using CloudMask.Masking.Models;

namespace CloudMask.Masking.Cover;

/// <summary>The baseline: cover % of a segmentation model's mask (argmax class per pixel), thin + thick cloud over valid pixels.</summary>
public static class MaskDerivedCover
{
    /// <summary>Cover % of the model's mask over the sample's valid pixels (labels 1-4), or the parts of it
    /// (tiles x tiles, in <see cref="CoverPatch.Parts"/> order); NaN for all when the model cannot use the bands.</summary>
    public static double[] Percent(ISegmentationModel model, LabelledSample sample, int tiles = 1)
    {
        if (model.CheckBands(sample.Bands) is not null) return Enumerable.Repeat(double.NaN, tiles * tiles).ToArray();
        int w = sample.Width, h = sample.Height, n = w * h;
        var planes = sample.Planes.Select(p => p.Select((v, i) => sample.Labels[i] == 0 ? float.NaN : v).ToArray()).ToArray();
        var probabilities = new float[MaskClasses.Predicted.Count * n];
        model.Predict(new SpectralTile(sample.Bands, w, h, planes), probabilities);
        var result = new double[tiles * tiles];
        int tw = w / tiles, th = h / tiles;
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
                    var best = 0;
                    for (var c = 1; c < MaskClasses.Predicted.Count; c++)
                        if (probabilities[c * n + i] > probabilities[best * n + i]) best = c;
                    if (MaskClasses.Predicted[best] is MaskClass.Cloud or MaskClass.SemiTransparentCloud) cloud++;
                }
            result[t] = valid == 0 ? double.NaN : 100.0 * cloud / valid;
        }
        return result;
    }
}
