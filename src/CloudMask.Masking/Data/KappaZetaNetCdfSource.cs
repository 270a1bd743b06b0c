using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Data;

/// <summary>
/// KappaZeta's labelled sub-tiles ("Sentinel-2 KappaZeta Cloud and Cloud Shadow Masks"): a folder
/// (searched recursively) of NetCDF files, one per 512x512 sub-tile of a Sentinel-2 product,
/// read through GDAL's netCDF driver (subdatasets <c>NETCDF:"file.nc":VAR</c>).
///
/// Layout, as KappaZeta's tools write and read it:
/// <list type="bullet">
/// <item>Verified in KappaZeta's code (cm-vsm writer, cloudmask-fit / km_predict readers):
///   NetCDF-4; two dimensions named <c>x</c> and <c>y</c>; one 2-D variable per layer named like
///   the product's band (<c>B01</c>..<c>B12</c>, <c>B8A</c>, <c>AOT</c>, <c>WVP</c>; also <c>TCI_R/G/B</c>,
///   <c>SCL</c> and other masks, which we skip); 16-bit layers stored as float32 holding
///   GraphicsMagick's normalised intensity, i.e. DN / 65535; the label as a ubyte variable
///   <c>Label</c> with KappaZeta's codes 0 undefined, 1 clear, 2 cloud shadow,
///   3 semi-transparent cloud, 4 cloud. The per-variable attribute <c>scaling_factor</c> is the
///   resize factor used when resampling to 10 m, not a value scale. A global attribute
///   <c>product_name</c> names the source product.</item>
/// <item>From our field notes (KappaZeta's code swaps the paper's 0 and 5): code 5 means missing.
///   We map 0 -&gt; 5 (undefined) and 5 -&gt; 0 (missing); both are ignored in training anyway.</item>
/// <item>Assumed: reflectance = DN / 10000 (Sentinel-2's quantification value), with the
///   -1000 DN offset of processing baseline 04.00+ subtracted when <c>product_name</c> carries
///   N0400 or later (cm-vsm copies raw JP2 DN; KappaMask's issue #28 shows the offset was not
///   applied upstream); AOT = DN / 1000 and WVP = DN / 1000 cm (their L2A quantification values);
///   DN 0 is no data (the paper zero-pads edge sub-tiles).</item>
/// <item>Orientation (checked with GDAL 3.6 in our tests): for these files, which have no
///   coordinate variables, GDAL's netCDF driver maps the first dimension (<c>x</c>, despite its
///   name) to rows and the second to columns, in file order, so row r is the file's first index r:
///   the same array KappaZeta's own numpy readers see. The dimension names do not match image axes
///   (cm-vsm writes x-fastest buffers under (x, y) dimensions, harmless for square tiles), and
///   older cm-vsm versions wrote rows bottom-up; bands and label are always laid out alike, so
///   training is unaffected.</item>
/// </list>
/// Samples are read on demand; the first <see cref="CacheLimit"/> stay in memory (a full data
/// set of ~4000 sub-tiles at ~15 MB each does not fit).
/// </summary>
public sealed partial class KappaZetaNetCdfSource : ISampleSource
{
    /// <summary>The label variable's name in KappaZeta's files.</summary>
    public const string LabelVariable = "Label";

    /// <summary>Non-reflective L2A layers KappaMask uses; cloudmask-any ignores them (wavelength 0).</summary>
    public static readonly SpectralBand Aot = new("AOT", 0, 0);
    public static readonly SpectralBand Wvp = new("WVP", 0, 0);

    private const double StoredFullScale = 65535; // float value 1.0 = DN 65535
    private readonly IReadOnlyList<string> files;
    private readonly ConcurrentDictionary<int, LabelledSample> cache = new();

    /// <param name="folder">Folder holding the .nc sub-tiles (subfolders included, as cm-vsm writes tile_X_Y/ folders).</param>
    /// <param name="cacheLimit">How many samples to keep in memory once read.</param>
    public KappaZetaNetCdfSource(string folder, int cacheLimit = 64)
    {
        if (!Directory.Exists(folder)) throw new RasterNotFoundException(folder, "no such folder");
        files = Directory.EnumerateFiles(folder, "*.nc", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new RasterContentException(folder, "no KappaZeta sub-tiles (*.nc) in this folder");
        Folder = folder;
        CacheLimit = cacheLimit;
    }

    public string Folder { get; }
    public int CacheLimit { get; }
    public IReadOnlyList<string> Files => files;
    public string Description => $"{files.Count} KappaZeta NetCDF sub-tiles of {Folder}";
    public int Count => files.Count;

    public LabelledSample Load(int index)
    {
        if (cache.TryGetValue(index, out var cached)) return cached;
        var sample = Read(files[index]);
        if (cache.Count < CacheLimit) cache.TryAdd(index, sample);
        return sample;
    }

    /// <summary>Reads one sub-tile. Throws a <see cref="RasterException"/> naming the file when it is
    /// not a NetCDF GDAL reads, lacks <c>Label</c> or band variables, or holds unknown label codes.</summary>
    public static LabelledSample Read(string path)
    {
        using var container = RasterDataset.Open(path);
        var variables = container.Subdatasets.Select(s => VariableName(s.Name)).Where(n => n is not null).Select(n => n!).ToList();
        if (!variables.Contains(LabelVariable, StringComparer.Ordinal))
            throw new RasterContentException(path, $"no '{LabelVariable}' variable: not a labelled KappaZeta sub-tile (variables: {string.Join(", ", variables)})");
        // Band variables in KappaMask's L2A order (AOT, B01..B12 with B8A after B08, WVP) whatever
        // the file's order; TCI_R/G/B, SCL and other products' masks are skipped.
        var found = variables.Select(name => (Name: name, Band: BandOf(name))).Where(v => v.Band is not null)
            .OrderBy(v => Rank(v.Band!)).ToList();
        var bands = found.Select(v => v.Band!).ToList();
        var names = found.Select(v => v.Name).ToList();
        if (bands.Count == 0)
            throw new RasterContentException(path, $"no band variables (B01..B12, B8A, AOT, WVP); variables: {string.Join(", ", variables)}");

        var offset = BaselineOffset(container.MetadataItem("NC_GLOBAL#product_name"));
        int width = 0, height = 0;
        var planes = new float[bands.Count][];
        for (var b = 0; b < bands.Count; b++)
        {
            var values = ReadVariable<float>(path, names[b], ref width, ref height, out var noData);
            var (scale, add) = bands[b] == Aot || bands[b] == Wvp ? (StoredFullScale / 1000, 0.0) : (StoredFullScale / 10000, offset);
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                // DN 0 is KappaZeta's padding and Sentinel-2's no data; the NetCDF fill value is unwritten data.
                values[i] = !float.IsFinite(v) || v == 0 || (noData is { } nd && v == nd) ? float.NaN : (float)(v * scale + add);
            }
            planes[b] = values;
        }
        var codes = ReadVariable<byte>(path, LabelVariable, ref width, ref height, out _);
        for (var i = 0; i < codes.Length; i++)
            codes[i] = codes[i] switch
            {
                0 => 5, // KappaZeta's "undefined" is our 5
                5 => 0, // KappaZeta's "missing" is our 0
                <= 4 => codes[i],
                var c => throw new RasterContentException(path, $"label code {c} is not a KappaZeta class (0-5)"),
            };
        return new LabelledSample(Path.GetFileNameWithoutExtension(path), bands, width, height, planes, codes).Validated();
    }

    /// <summary>The band a variable name stands for: a Sentinel-2 MSI band by its exact product name, AOT or WVP.</summary>
    private static SpectralBand? BandOf(string variable) => variable switch
    {
        "AOT" => Aot,
        "WVP" => Wvp,
        _ => SensorBands.Sentinel2Msi.FirstOrDefault(b => b.Name == variable),
    };

    private static int Rank(SpectralBand band) =>
        band == Aot ? -1 : band == Wvp ? int.MaxValue : SensorBands.Sentinel2Msi.ToList().IndexOf(band);

    /// <summary>Reflectance offset for the product's processing baseline (-0.1 from baseline 04.00, 0 before or when unknown).</summary>
    internal static double BaselineOffset(string? productName)
    {
        var match = productName is null ? null : BaselinePattern().Match(productName);
        return match is { Success: true } && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) >= 400 ? -0.1 : 0.0;
    }

    /// <summary>Reads a whole 2-D variable; row r is the file's first index r.</summary>
    private static T[] ReadVariable<T>(string path, string variable, ref int width, ref int height, out double? noData) where T : unmanaged
    {
        using var dataset = RasterDataset.Open($"NETCDF:\"{path}\":{variable}");
        if (dataset.BandCount != 1)
            throw new RasterContentException(path, $"variable '{variable}' has {dataset.BandCount} layers; a 2-D (x, y) variable is expected");
        if (width == 0) (width, height) = (dataset.Width, dataset.Height);
        else if (dataset.Width != width || dataset.Height != height)
            throw new RasterContentException(path, $"variable '{variable}' is {dataset.Width}x{dataset.Height}, other variables {width}x{height}");
        var band = dataset.Band(1);
        noData = band.NoData;
        return band.Read<T>();
    }

    /// <summary>The variable of a subdataset name <c>NETCDF:"file":VAR</c>.</summary>
    private static string? VariableName(string subdataset)
    {
        var colon = subdataset.LastIndexOf(':');
        return colon < 0 || subdataset.EndsWith('"') ? null : subdataset[(colon + 1)..];
    }

    [GeneratedRegex(@"_N(\d{4})_")]
    private static partial Regex BaselinePattern();
}
