namespace CloudMask.Simulation.Atmosphere;

/// <summary>Optical thickness and height of the two cloud layers at one point.</summary>
public readonly record struct CloudSample(float LowTau, float LowHeightM, float CirrusTau, float CirrusHeightM)
{
    public float TotalTau => LowTau + CirrusTau;
}
