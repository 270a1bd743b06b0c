using System.Globalization;
using System.Numerics.Tensors;

namespace CloudMask.Raster.Spectral;

/// <summary>
/// A multi-band raster whose bands are known spectrally, read as reflectance. Any GeoTIFF (or
/// other GDAL raster) qualifies when each band is named (Sentinel-2 B01..B12/B8A, Landsat
/// OLI_B*/ETM_B*, STAC common names, in the description or a BANDNAME item) or carries wavelength metadata
/// (IMAGERY domain CENTRAL_WAVELENGTH_UM and FWHM_UM, GDAL RFC 100).
/// </summary>
public sealed class BandStack : ISpectralSource, IDisposable
{
    private readonly RasterDataset _dataset;

    private BandStack(RasterDataset dataset, IReadOnlyList<StackBand> bands)
    {
        _dataset = dataset;
        Bands = bands;
        SpectralBands = bands.Select(b => b.Spectral).ToList();
    }

    /// <summary>
    /// Opens <paramref name="path"/> and identifies every band; <paramref name="bandNames"/>, when
    /// given, names the bands in file order instead of their descriptions (for files whose bands are
    /// unnamed or named in a way of their own).
    /// </summary>
    /// <exception cref="RasterContentException">a band has neither a known name nor wavelength metadata,
    /// an 8-bit/32-bit integer band has no scale to make it reflectance, or the given names do not fit.</exception>
    public static BandStack Open(string path, IReadOnlyList<string>? bandNames = null)
    {
        var dataset = RasterDataset.Open(path);
        try
        {
            if (dataset.BandCount == 0)
                throw new RasterContentException(path, "has no bands (a container of subdatasets? open one of them)");
            if (bandNames is not null && bandNames.Count != dataset.BandCount)
                throw new RasterContentException(path, $"has {dataset.BandCount} bands, but {bandNames.Count} band names were given ({string.Join(',', bandNames)})");
            var bands = dataset.Bands.Select(b => bandNames is null ? Identify(path, b) : Named(path, b, bandNames[b.Index - 1])).ToList();
            var duplicate = bands.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new RasterContentException(path, $"band name {duplicate.Key} appears {duplicate.Count()} times");
            var stack = new BandStack(dataset, bands);
            for (var b = 0; b < bands.Count; b++) stack.RefuseImplausibleReflectance(b);
            return stack;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    public string Path => _dataset.Path;
    public int Width => _dataset.Width;
    public int Height => _dataset.Height;
    public GeoTransform? GeoTransform => _dataset.GeoTransform;
    public string? Crs => _dataset.Crs;
    public IReadOnlyList<StackBand> Bands { get; }

    public IReadOnlyList<SpectralBand> SpectralBands { get; }

    void ISpectralSource.ReadReflectance(int band, Window window, Span<float> destination) =>
        ReadReflectance(band, window, destination, window.Width, window.Height, Resampling.Nearest);

    /// <summary>The underlying dataset (for metadata the stack does not interpret).</summary>
    public RasterDataset Dataset => _dataset;

    /// <summary>
    /// Reads band <paramref name="band"/> (0-based in <see cref="Bands"/>) over <paramref name="window"/>
    /// as reflectance into a <paramref name="bufferWidth"/> x <paramref name="bufferHeight"/> buffer;
    /// nodata pixels become NaN.
    /// </summary>
    public void ReadReflectance(int band, Window window, Span<float> destination, int bufferWidth, int bufferHeight,
        Resampling resampling = Resampling.Bilinear)
    {
        var info = Bands[band];
        var values = destination[..(bufferWidth * bufferHeight)];
        _dataset.Band(info.SourceIndex).Read(window, values, bufferWidth, bufferHeight, resampling);
        if (info.NoData is { } noData && !double.IsNaN(noData))
        {
            var marker = (float)noData;
            foreach (ref var v in values)
                if (v == marker) v = float.NaN;
        }
        ApplyScale(values, info.Encoding.Scale);
        if (info.Encoding.Offset != 0) TensorPrimitives.Add(values, (float)info.Encoding.Offset, values);
    }

    /// <summary>Reads a window (default: all) of a band as reflectance at full resolution.</summary>
    public float[] ReadReflectance(int band, Window? window = null)
    {
        var w = window ?? Window.Full(Width, Height);
        var data = new float[w.PixelCount];
        ReadReflectance(band, w, data, w.Width, w.Height, Resampling.Nearest);
        return data;
    }

    public void Dispose() => _dataset.Dispose();

    /// <summary>
    /// Multiplies by the scale; a scale of 1/N with integer N divides by N instead, because
    /// DN / 10000 is then correctly rounded (1000 -> 0.1f), where DN * 1e-4f is not.
    /// </summary>
    private static void ApplyScale(Span<float> values, double scale)
    {
        if (scale == 1) return;
        var inverse = Math.Round(1 / scale);
        if (inverse is > 1 and < 1e7 && Math.Abs(1 / inverse - scale) <= 1e-12 * Math.Abs(scale))
            TensorPrimitives.Divide(values, (float)inverse, values);
        else
            TensorPrimitives.Multiply(values, (float)scale, values);
    }

    // The names SensorBands knows, as error messages tell users.
    private const string KnownNames = "B01..B12/B8A, OLI_B2.., ETM_B1.., STAC common names (red, nir, swir16, ...)";

    private static StackBand Identify(string path, RasterBand band)
    {
        var wavelength = ParseMicrometres(band.MetadataItem("CENTRAL_WAVELENGTH_UM", "IMAGERY"));
        var fwhm = ParseMicrometres(band.MetadataItem("FWHM_UM", "IMAGERY"));
        var name = band.Description.Trim();
        var bandName = band.MetadataItem("BANDNAME")?.Trim();
        var known = SensorBands.Find(name) ?? SensorBands.Find(bandName);

        SpectralBand spectral;
        string identifiedBy;
        if (known is not null)
        {
            // The file's own wavelength metadata, when present, wins over the catalogue.
            spectral = wavelength is { } wl ? known with { CentralWavelengthUm = wl, FwhmUm = fwhm ?? known.FwhmUm } : known;
            identifiedBy = wavelength is null ? "name" : "name and wavelength metadata";
        }
        else if (wavelength is { } wl)
        {
            var label = name.Length > 0 ? name : bandName is { Length: > 0 } ? bandName : $"band{band.Index}";
            spectral = new SpectralBand(label, wl, fwhm ?? 0);
            identifiedBy = "wavelength metadata";
        }
        else
        {
            var what = name.Length > 0 ? $"its name '{name}' is not a known band" : "it has no name (description)";
            throw new RasterContentException(path,
                $"band {band.Index}: {what} and no CENTRAL_WAVELENGTH_UM metadata; name bands {KnownNames} or add wavelengths (IMAGERY domain)");
        }
        return new StackBand(band.Index, spectral, band.DataType, EncodingOf(path, band), band.NoData, identifiedBy);
    }

    private static StackBand Named(string path, RasterBand band, string name)
    {
        var known = SensorBands.Find(name) ?? throw new RasterContentException(path,
            $"band name '{name}' given for band {band.Index} is not a known band ({KnownNames})");
        return new StackBand(band.Index, known, band.DataType, EncodingOf(path, band), band.NoData, "given name");
    }

    private static ReflectanceEncoding EncodingOf(string path, RasterBand band)
    {
        if (band.HasScale) return new ReflectanceEncoding(band.Scale, band.Offset, "band scale/offset");
        return band.DataType switch
        {
            RasterDataType.Float32 or RasterDataType.Float64 => ReflectanceEncoding.Identity,
            RasterDataType.UInt16 or RasterDataType.Int16 => ReflectanceEncoding.DnOver10000,
            _ => throw new RasterContentException(path,
                $"band {band.Index} ({band.Description}) is {band.DataType} without scale/offset: cannot tell its reflectance"),
        };
    }

    // Reflectance stays under ~1.5 even over cloud and fresh snow; a median above this is no reflectance.
    private const double HighestPlausibleMedianReflectance = 5;
    private const int SampleSide = 256;

    /// <summary>
    /// Float bands without a scale (or with scale 1) are read as reflectance as they are, and a wrong
    /// scale is easily given. Digital numbers taken for reflectance (0-10000 and more) would then be
    /// masked as solid cloud without a word, so a sample from the middle of each reflective band (one
    /// or two blocks, not the whole band), read as reflectance, must look like reflectance. Thermal
    /// bands (brightness temperatures) are not reflectance and are not checked.
    /// </summary>
    private void RefuseImplausibleReflectance(int band)
    {
        var info = Bands[band];
        if (info.Spectral.CentralWavelengthUm >= 3) return;
        int width = Math.Min(SampleSide, Width), height = Math.Min(SampleSide, Height);
        var sample = new float[width * height];
        ReadReflectance(band, new Window((Width - width) / 2, (Height - height) / 2, width, height), sample, width, height, Resampling.Nearest);
        var valid = sample.Where(float.IsFinite).ToArray(); // nodata is NaN by now
        if (valid.Length == 0) return;
        Array.Sort(valid);
        var median = valid[valid.Length / 2];
        if (median > HighestPlausibleMedianReflectance)
            throw new RasterContentException(Path, $"band {info.SourceIndex} ({info.Name}), read as reflectance ({info.Encoding.Source}), has a median of "
                + $"{median.ToString("G4", CultureInfo.InvariantCulture)} in the middle of the image: not reflectance (0 to ~1.5); give the band a scale "
                + "that makes reflectance, e.g. gdal_edit.py -scale 0.0001 FILE for digital numbers 0-10000");
    }

    private static double? ParseMicrometres(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
