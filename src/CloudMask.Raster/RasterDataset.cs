using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>
/// A raster opened for reading through GDAL: a file, a /vsizip/ path or a subdataset name.
/// Not thread-safe (GDAL's rule): open one dataset per thread.
/// </summary>
public sealed class RasterDataset : IDisposable
{
    private readonly DatasetHandle _handle;
    private readonly RasterBand[] _bands;

    private RasterDataset(string path, DatasetHandle handle)
    {
        Path = path;
        _handle = handle;
        Width = GdalNative.GDALGetRasterXSize(handle);
        Height = GdalNative.GDALGetRasterYSize(handle);
        _bands = new RasterBand[GdalNative.GDALGetRasterCount(handle)];
        for (var i = 0; i < _bands.Length; i++)
            _bands[i] = new RasterBand(this, i + 1, GdalNative.GDALGetRasterBand(handle, i + 1));
        DriverName = GdalNative.ReadString(GdalNative.GDALGetDriverShortName(GdalNative.GDALGetDatasetDriver(handle))) ?? "";
        GeoTransform = ReadGeoTransform(handle);
        var wkt = GdalNative.ReadString(GdalNative.GDALGetProjectionRef(handle));
        Crs = string.IsNullOrWhiteSpace(wkt) ? null : wkt;
        GdalErrors.Reset();
    }

    /// <summary>
    /// Opens a raster for reading. <paramref name="path"/> is a file path, a GDAL virtual path
    /// (/vsizip/archive.zip/inner.tif) or a subdataset name (SENTINEL2_L1C:...:10m:EPSG_32633).
    /// Plain paths are checked first, so a missing or empty file gets its own clear error.
    /// </summary>
    /// <exception cref="RasterNotFoundException">the file does not exist.</exception>
    /// <exception cref="RasterFormatException">it is empty, a folder, or not a raster GDAL reads.</exception>
    public static RasterDataset Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (IsPlainPath(path))
        {
            if (Directory.Exists(path)) throw new RasterFormatException(path, "is a folder, not a raster file");
            var file = new FileInfo(path);
            if (!file.Exists) throw new RasterNotFoundException(path);
            if (file.Length == 0) throw new RasterFormatException(path, "file is empty");
        }
        GdalLibrary.EnsureInitialized();
        GdalErrors.Reset();
        var raw = GdalNative.GDALOpenEx(path, GdalNative.OpenRaster | GdalNative.OpenVerboseError, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (raw == IntPtr.Zero) throw GdalErrors.OpenFailure(path);
        var dataset = new RasterDataset(path, new DatasetHandle(raw));
        if (dataset.BandCount == 0 && dataset.Subdatasets.Count == 0)
        {
            dataset.Dispose();
            throw new RasterFormatException(path, "contains no raster bands");
        }
        return dataset;
    }

    /// <summary>The path or name this dataset was opened from.</summary>
    public string Path { get; }

    /// <summary>GDAL's short driver name, e.g. "GTiff", "JP2OpenJPEG", "SENTINEL2".</summary>
    public string DriverName { get; }

    public int Width { get; }
    public int Height { get; }
    public int BandCount => _bands.Length;

    /// <summary>The affine transform, or null when the raster has no georeferencing.</summary>
    public GeoTransform? GeoTransform { get; }

    /// <summary>The CRS as WKT, or null when there is none.</summary>
    public string? Crs { get; }

    public IReadOnlyList<RasterBand> Bands => _bands;

    /// <summary>Band by 1-based index, as GDAL counts.</summary>
    public RasterBand Band(int index)
    {
        if (index < 1 || index > _bands.Length)
            throw new ArgumentOutOfRangeException(nameof(index), $"{Path} has bands 1..{_bands.Length}, not {index}");
        return _bands[index - 1];
    }

    /// <summary>Metadata items of a domain (null = default domain) as a dictionary.</summary>
    public IReadOnlyDictionary<string, string> Metadata(string? domain = null) => MetadataReader.Read(Handle, domain);

    /// <summary>One metadata item, or null.</summary>
    public string? MetadataItem(string name, string? domain = null) => MetadataReader.Item(Handle, name, domain);

    /// <summary>The metadata domains this dataset has.</summary>
    public IReadOnlyList<string> MetadataDomains => MetadataReader.Domains(Handle);

    /// <summary>Subdatasets (name to open, description), e.g. the 10m/20m/60m groups of a Sentinel-2 product.</summary>
    public IReadOnlyList<Subdataset> Subdatasets => Subdataset.Parse(Metadata("SUBDATASETS"));

    /// <summary>Number of overview levels of band 1 (0 when none).</summary>
    public int OverviewCount => _bands.Length == 0 ? 0 : GdalNative.GDALGetOverviewCount(_bands[0].Handle);

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    internal DatasetHandle SafeHandle => _handle;

    public void Dispose() => _handle.Dispose();

    private static unsafe GeoTransform? ReadGeoTransform(DatasetHandle handle)
    {
        var values = stackalloc double[6];
        if (GdalNative.GDALGetGeoTransform(handle, values) != 0) return null;
        return Raster.GeoTransform.FromArray(new ReadOnlySpan<double>(values, 6));
    }

    /// <summary>True for ordinary file paths; false for /vsi paths and DRIVER:... subdataset names.</summary>
    internal static bool IsPlainPath(string path)
    {
        if (path.StartsWith("/vsi", StringComparison.Ordinal)) return false;
        var colon = path.IndexOf(':');
        // "SENTINEL2_L1C:/x/MTD.xml:10m:EPSG_1" has an upper-case driver prefix before the first colon.
        return colon <= 0 || !path[..colon].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
    }
}

/// <summary>A subdataset: the name to pass to <see cref="RasterDataset.Open"/> and GDAL's description.</summary>
public sealed record Subdataset(string Name, string Description)
{
    internal static IReadOnlyList<Subdataset> Parse(IReadOnlyDictionary<string, string> items)
    {
        var result = new List<Subdataset>();
        for (var i = 1; items.TryGetValue($"SUBDATASET_{i}_NAME", out var name); i++)
            result.Add(new Subdataset(name, items.GetValueOrDefault($"SUBDATASET_{i}_DESC", "")));
        return result;
    }
}

internal static class MetadataReader
{
    public static IReadOnlyDictionary<string, string> Read(IntPtr majorObject, string? domain)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in GdalNative.ReadStringList(GdalNative.GDALGetMetadata(majorObject, domain)))
        {
            var eq = item.IndexOf('=');
            if (eq > 0) result[item[..eq]] = item[(eq + 1)..];
        }
        return result;
    }

    /// <summary>The metadata domains of an object (GDAL returns a copy we must free).</summary>
    public static IReadOnlyList<string> Domains(IntPtr majorObject)
    {
        var list = GdalNative.GDALGetMetadataDomainList(majorObject);
        try { return GdalNative.ReadStringList(list); }
        finally { GdalNative.CSLDestroy(list); }
    }

    public static string? Item(IntPtr majorObject, string name, string? domain) =>
        GdalNative.ReadString(GdalNative.GDALGetMetadataItem(majorObject, name, domain));
}
