namespace CloudMask.Simulation.Sensors;

/// <summary>
/// One band as the simulator needs it: a name for files, where it sits in the spectrum, and
/// how finely it samples the ground.
/// </summary>
/// <param name="Name">Band name as written into chips (B01, OLI_B5, ...).</param>
/// <param name="CentralWavelengthUm">Centre wavelength; spectra are sampled here.</param>
/// <param name="FwhmUm">Bandwidth, written into the chip metadata.</param>
/// <param name="ResolutionM">Native ground sampling distance.</param>
public sealed record SimulatedBand(string Name, double CentralWavelengthUm, double FwhmUm, int ResolutionM);
