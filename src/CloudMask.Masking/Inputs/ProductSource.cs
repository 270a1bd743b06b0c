using System.Globalization;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;
using CloudMask.Sentinel2;
using CloudMask.Sentinel2.Reading;

namespace CloudMask.Masking.Inputs;

/// <summary>
/// A Sentinel-2 product seen as an <see cref="ISpectralSource"/>: bands read through the product
/// reader (offsets and quantification applied, 20/60 m bands resampled). Inference reads all bands
/// of one full-width window in turn; the strip is read once and served to each band.
/// </summary>
public sealed class ProductSource : ISpectralSource, IDisposable
{
    private readonly Sentinel2Product _product;
    private readonly BandStackReader _reader;
    private StripData? _strip;

    public ProductSource(string path, BandStackOptions? options = null)
    {
        _product = Sentinel2Product.Open(path);
        try { _reader = _product.OpenBandStack(options); }
        catch
        {
            _product.Dispose();
            throw;
        }
        Path = path;
        SpectralBands = _reader.Bands.Select(b => b.Spectral).ToList();
    }

    public string Path { get; }
    public Sentinel2Product Product => _product;
    public int Width => _reader.Width;
    public int Height => _reader.Height;
    public GeoTransform? GeoTransform => _reader.GeoTransform;
    public string? Crs => _reader.Crs;
    public IReadOnlyList<SpectralBand> SpectralBands { get; }

    /// <summary>The granule's mean sun zenith angle in degrees, when its metadata gives one.</summary>
    public double? SunZenithDeg => _product.Granule?.Sun?.ZenithDeg;

    /// <summary>The granule's mean sun azimuth in degrees clockwise from north, when given.</summary>
    public double? SunAzimuthDeg => _product.Granule?.Sun?.AzimuthDeg;

    public void ReadReflectance(int band, Window window, Span<float> destination)
    {
        if (_strip is null || _strip.Row0 != window.Y || _strip.Rows != window.Height)
            _strip = _reader.ReadStrip(window.Y, window.Height);
        var plane = _strip.Reflectance[band];
        for (var row = 0; row < window.Height; row++)
        {
            var offset = row * Width + window.X;
            var target = destination.Slice(row * window.Width, window.Width);
            plane.AsSpan(offset, window.Width).CopyTo(target);
            var noData = _strip.NoData.AsSpan(offset, window.Width);
            for (var i = 0; i < target.Length; i++)
                if (noData[i] != 0) target[i] = float.NaN;
        }
    }

    /// <summary>Product facts worth keeping in the mask's JSON summary.</summary>
    public IReadOnlyDictionary<string, string> Metadata()
    {
        var m = _product.Metadata;
        var inv = CultureInfo.InvariantCulture;
        var result = new Dictionary<string, string>
        {
            ["level"] = m.Level.ToString(),
            ["spacecraft"] = m.Spacecraft,
            ["product"] = m.ProductUri,
            ["tile"] = m.Tile,
            ["sensing_start"] = m.SensingStart.ToString("O", inv),
            ["processing_baseline"] = m.Baseline.ToString(),
            ["quantification_value"] = m.QuantificationValue.ToString(inv),
            ["add_offsets"] = m.AddOffsets.Count == 0 ? "none" : string.Join(",", m.AddOffsets.Select(kv => $"{kv.Key}:{kv.Value.ToString(inv)}")),
            ["resolution_m"] = _reader.ResolutionM.ToString(inv),
        };
        if (SunZenithDeg is { } zenith) result["sun_zenith_deg"] = zenith.ToString(inv);
        if (SunAzimuthDeg is { } azimuth) result["sun_azimuth_deg"] = azimuth.ToString(inv);
        if (m.CloudCoverPercent is { } cc) result["product_cloud_cover_percent"] = cc.ToString(inv);
        return result;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _product.Dispose();
    }
}
