namespace CloudMask.Simulation.Surface;

/// <summary>
/// A reflectance spectrum given as a few knots (wavelength in micrometres, reflectance) and
/// interpolated linearly between them; constant beyond the first and last knot.
/// </summary>
public sealed class Spectrum
{
    private readonly double[] _wavelengths;
    private readonly double[] _values;

    public Spectrum(params (double WavelengthUm, double Reflectance)[] knots)
    {
        if (knots.Length == 0) throw new ArgumentException("A spectrum needs at least one knot.", nameof(knots));
        var sorted = knots.OrderBy(k => k.WavelengthUm).ToArray();
        _wavelengths = sorted.Select(k => k.WavelengthUm).ToArray();
        _values = sorted.Select(k => k.Reflectance).ToArray();
    }

    public double At(double wavelengthUm)
    {
        if (wavelengthUm <= _wavelengths[0]) return _values[0];
        for (int i = 1; i < _wavelengths.Length; i++)
        {
            if (wavelengthUm <= _wavelengths[i])
            {
                double t = (wavelengthUm - _wavelengths[i - 1]) / (_wavelengths[i] - _wavelengths[i - 1]);
                return _values[i - 1] + t * (_values[i] - _values[i - 1]);
            }
        }
        return _values[^1];
    }
}
