using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Surface;

namespace CloudMask.Simulation.Products;

/// <summary>Pixel counts gathered while rendering, for the quality indicators of the metadata.</summary>
public sealed class ProductStatistics
{
    private readonly long[] _labels = new long[6];
    private readonly long[] _clearCover = new long[Enum.GetValues<LandCover>().Length];

    internal void Add(SceneRaster strip)
    {
        lock (_labels)
        {
            for (int i = 0; i < strip.Labels.Length; i++)
            {
                _labels[strip.Labels[i]]++;
                if (strip.Labels[i] == LabelCodes.Clear) _clearCover[(int)strip.Cover[i]]++;
            }
        }
    }

    public long Total => _labels.Sum();
    public long Valid => Total - _labels[LabelCodes.Missing];

    /// <summary>Percentage of all pixels with this label.</summary>
    public double PercentOfAll(byte label) => Total == 0 ? 0 : 100.0 * _labels[label] / Total;

    /// <summary>Percentage of valid pixels with this label.</summary>
    public double PercentOfValid(byte label) => Valid == 0 ? 0 : 100.0 * _labels[label] / Valid;

    /// <summary>Cloud cover as ESA reports it: thick and semi-transparent cloud over valid pixels, in percent.</summary>
    public double CloudyPercent => PercentOfValid(LabelCodes.Cloud) + PercentOfValid(LabelCodes.SemiTransparent);

    public double ClearCoverPercent(params LandCover[] covers) =>
        Valid == 0 ? 0 : 100.0 * covers.Sum(c => _clearCover[(int)c]) / Valid;
}
