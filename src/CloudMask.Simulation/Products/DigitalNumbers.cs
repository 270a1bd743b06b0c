using CloudMask.Sentinel2.Layout;

namespace CloudMask.Simulation.Products;

/// <summary>
/// Reflectance to Sentinel-2 digital numbers: DN = reflectance * QUANTIFICATION_VALUE - ADD_OFFSET,
/// where ADD_OFFSET is -1000 from baseline 04.00 (so DN = reflectance * 10000 + 1000) and 0
/// before. DN 0 is no data and 65535 is saturated, as the product metadata's Special_Values say.
/// </summary>
public readonly struct DigitalNumbers
{
    public const int QuantificationValue = 10000;
    public const int NewBaselineOffset = -1000;
    public const ushort NoData = 0;
    public const ushort Saturated = 65535;

    private readonly float _saturation;

    public DigitalNumbers(ProcessingBaseline baseline, float saturationReflectance)
    {
        AddOffset = baseline.ExpectsRadiometricOffset ? NewBaselineOffset : 0;
        _saturation = saturationReflectance;
    }

    /// <summary>RADIO_ADD_OFFSET / BOA_ADD_OFFSET of the product: -1000 or 0.</summary>
    public int AddOffset { get; }

    public ushort Encode(float reflectance, bool hasData)
    {
        if (!hasData) return NoData;
        if (reflectance >= _saturation) return Saturated;
        float dn = reflectance * QuantificationValue - AddOffset;
        // 1 is the darkest valid value: 0 would read as no data.
        return (ushort)Math.Clamp(MathF.Round(dn), 1f, Saturated - 1);
    }

    public float Decode(ushort dn) => (dn + AddOffset) / (float)QuantificationValue;
}
