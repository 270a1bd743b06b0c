using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// Turns a band's (centre wavelength, FWHM) into the feature vector cloudmask-any conditions on.
/// Wavelength is taken on a log scale over the reflective range 0.4-2.5 um, where equal ratios
/// of wavelength matter about equally to clouds and surfaces, then Fourier-encoded so that a
/// small MLP can make sharp per-band decisions (e.g. "this is the cirrus band") from a scalar.
/// </summary>
public static class BandDescriptor
{
    /// <summary>Shortest and longest centre wavelengths (um) the model accepts: the reflective domain.</summary>
    public const double MinWavelengthUm = 0.35, MaxWavelengthUm = 2.6;

    private static readonly double[] Frequencies = [0.5, 1, 2, 4, 8, 16];

    /// <summary>Length of <see cref="Encode"/>'s output.</summary>
    public static int FeatureCount => 2 * Frequencies.Length + 2;

    public static bool IsReflective(SpectralBand band) =>
        band.CentralWavelengthUm >= MinWavelengthUm && band.CentralWavelengthUm <= MaxWavelengthUm;

    public static float[] Encode(SpectralBand band)
    {
        // 0 at 0.4 um, 1 at 2.5 um.
        var x = Math.Log(band.CentralWavelengthUm / 0.4) / Math.Log(2.5 / 0.4);
        // Bandwidth on a log scale: 0 at 10 nm, 1 at 300 nm; unknown widths count as 30 nm.
        var fwhm = band.FwhmUm > 0 ? band.FwhmUm : 0.03;
        var w = Math.Log(fwhm / 0.01) / Math.Log(30);
        var features = new float[FeatureCount];
        for (var i = 0; i < Frequencies.Length; i++)
        {
            features[2 * i] = (float)Math.Sin(2 * Math.PI * Frequencies[i] * x);
            features[2 * i + 1] = (float)Math.Cos(2 * Math.PI * Frequencies[i] * x);
        }
        features[^2] = (float)x;
        features[^1] = (float)w;
        return features;
    }
}
