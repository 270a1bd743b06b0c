namespace CloudMask.Raster.Spectral;

/// <summary>
/// A spectral band described the way a sensor-independent model sees it: a name, a centre
/// wavelength and a full width at half maximum (both in micrometres), and the sensor's native
/// pixel size when known.
/// </summary>
public sealed record SpectralBand(string Name, double CentralWavelengthUm, double FwhmUm, double? NativeResolutionM = null)
{
    public override string ToString() => $"{Name} ({CentralWavelengthUm:0.###} um)";
}
