using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>
/// A raster built in memory (a GDAL MEM dataset): set georeferencing, descriptions, nodata,
/// metadata and pixels, then <see cref="SaveAs"/> a GeoTIFF, COG, JP2 or PNG. GDAL's COG, JP2
/// and PNG drivers only copy from another dataset, which is why writing goes through here.
/// </summary>
public sealed class InMemoryRaster : IDisposable
{
    private readonly DatasetHandle _handle;
    private readonly IntPtr[] _bands;

    public InMemoryRaster(int width, int height, int bandCount, RasterDataType dataType)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"raster size {width}x{height} is empty");
        if (bandCount <= 0) throw new ArgumentOutOfRangeException(nameof(bandCount), "a raster needs at least one band");
        GdalLibrary.EnsureInitialized();
        GdalErrors.Reset();
        var raw = GdalNative.GDALCreate(GdalNative.GDALGetDriverByName("MEM"), "", width, height, bandCount, (int)dataType, IntPtr.Zero);
        if (raw == IntPtr.Zero) throw new OutOfMemoryException($"GDAL could not allocate a {width}x{height}x{bandCount} {dataType} raster: {GdalErrors.LastMessage()}");
        _handle = new DatasetHandle(raw);
        _bands = Enumerable.Range(1, bandCount).Select(i => GdalNative.GDALGetRasterBand(_handle, i)).ToArray();
        (Width, Height, DataType) = (width, height, dataType);
    }

    public int Width { get; }
    public int Height { get; }
    public int BandCount => _bands.Length;
    public RasterDataType DataType { get; }

    /// <summary>Sets the geotransform (null leaves the raster without georeferencing).</summary>
    public unsafe GeoTransform? GeoTransform
    {
        set
        {
            if (value is not { } transform) return;
            var values = transform.ToArray();
            fixed (double* p = values) GdalErrors.CheckWrite(GdalNative.GDALSetGeoTransform(_handle, p), "(in memory)", "setting the geotransform");
        }
    }

    /// <summary>Sets the CRS from WKT (null or empty: none).</summary>
    public string? Crs
    {
        set
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            GdalErrors.CheckWrite(GdalNative.GDALSetProjection(_handle, value), "(in memory)", "setting the CRS");
        }
    }

    public void SetDescription(int band, string description) => GdalNative.GDALSetDescription(Band(band), description);

    public void SetNoData(int band, double value) =>
        GdalErrors.CheckWrite(GdalNative.GDALSetRasterNoDataValue(Band(band), value), "(in memory)", "setting nodata");

    public void SetScaleOffset(int band, double scale, double offset)
    {
        GdalNative.GDALSetRasterScale(Band(band), scale);
        GdalNative.GDALSetRasterOffset(Band(band), offset);
    }

    /// <summary>Sets a metadata item on band <paramref name="band"/>, or on the dataset when band is 0.</summary>
    public void SetMetadataItem(string name, string value, string? domain = null, int band = 0)
    {
        var target = band == 0 ? _handle.DangerousGetHandle() : Band(band);
        GdalErrors.CheckWrite(GdalNative.GDALSetMetadataItem(target, name, value, domain), "(in memory)", $"setting metadata {name}");
    }

    /// <summary>Gives a single-band class raster a palette; viewers (QGIS) then show it at once.</summary>
    public unsafe void SetColorTable(int band, ColorTable table)
    {
        var native = GdalNative.GDALCreateColorTable(1); // GPI_RGB
        try
        {
            for (var i = 0; i < table.Entries.Count; i++)
            {
                var e = table.Entries[i];
                var entry = new GdalNative.ColorEntry { C1 = e.R, C2 = e.G, C3 = e.B, C4 = e.A };
                GdalNative.GDALSetColorEntry(native, i, &entry);
            }
            GdalErrors.CheckWrite(GdalNative.GDALSetRasterColorTable(Band(band), native), "(in memory)", "setting the colour table");
            GdalNative.GDALSetRasterColorInterpretation(Band(band), 2); // GCI_PaletteIndex
        }
        finally { GdalNative.GDALDestroyColorTable(native); }
    }

    /// <summary>Writes a whole band.</summary>
    public void Write<T>(int band, ReadOnlySpan<T> data) where T : unmanaged => Write(band, Window.Full(Width, Height), data);

    /// <summary>Writes <paramref name="data"/> (window-sized, row-major) into a window of a band.</summary>
    public unsafe void Write<T>(int band, Window window, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (!window.FitsIn(Width, Height)) throw new ArgumentOutOfRangeException(nameof(window), $"window {window} is outside {Width}x{Height}");
        if (data.Length < window.PixelCount) throw new ArgumentException($"{data.Length} values for a {window.PixelCount}-pixel window", nameof(data));
        var extra = new GdalNative.RasterIOExtraArg { Version = 1 };
        GdalErrors.Reset();
        int result;
        fixed (T* p = data)
            result = GdalNative.GDALRasterIOEx(Band(band), GdalNative.Write, window.X, window.Y, window.Width, window.Height,
                p, window.Width, window.Height, (int)RasterDataTypes.Of<T>(), 0, 0, &extra);
        GdalErrors.CheckWrite(result, "(in memory)", $"writing band {band}");
    }

    /// <summary>Builds overview levels (2, 4, 8, ...) until the smallest fits in <paramref name="minSize"/> pixels.</summary>
    public void BuildOverviews(Resampling resampling, int minSize = 256)
    {
        var factors = OverviewFactors(Width, Height, minSize);
        if (factors.Length == 0) return;
        var name = resampling switch
        {
            Resampling.Nearest => "NEAREST", Resampling.Bilinear => "BILINEAR", Resampling.Cubic => "CUBIC",
            Resampling.CubicSpline => "CUBICSPLINE", Resampling.Lanczos => "LANCZOS", Resampling.Average => "AVERAGE",
            Resampling.Mode => "MODE", _ => throw new ArgumentOutOfRangeException(nameof(resampling)),
        };
        var namePtr = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            GdalErrors.Reset();
            GdalErrors.CheckWrite(GdalNative.GDALBuildOverviews(_handle, namePtr, factors.Length, factors, 0, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero),
                "(in memory)", "building overviews");
        }
        finally { System.Runtime.InteropServices.Marshal.FreeCoTaskMem(namePtr); }
    }

    internal static int[] OverviewFactors(int width, int height, int minSize)
    {
        var factors = new List<int>();
        for (var f = 2; (width + f / 2 - 1) / (f / 2) > minSize || (height + f / 2 - 1) / (f / 2) > minSize; f *= 2)
            factors.Add(f);
        return factors.ToArray();
    }

    /// <summary>
    /// Writes this raster to <paramref name="path"/> in <paramref name="format"/>: first under a
    /// temporary name in the same folder, renamed on success, deleted on failure, so no
    /// half-written output is ever left. Refuses to replace a file unless <paramref name="overwrite"/>.
    /// </summary>
    public void SaveAs(string path, RasterFormat format, bool overwrite = false) => RasterSaver.Save(this, path, format, overwrite);

    internal DatasetHandle Handle => _handle;

    private IntPtr Band(int band)
    {
        if (band < 1 || band > _bands.Length) throw new ArgumentOutOfRangeException(nameof(band), $"bands are 1..{_bands.Length}, not {band}");
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _bands[band - 1];
    }

    public void Dispose() => _handle.Dispose();
}
