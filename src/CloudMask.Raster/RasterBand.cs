using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>One band of a <see cref="RasterDataset"/>; valid while the dataset is open.</summary>
public sealed class RasterBand
{
    private readonly RasterDataset _dataset;
    private readonly IntPtr _handle;

    internal unsafe RasterBand(RasterDataset dataset, int index, IntPtr handle)
    {
        _dataset = dataset;
        _handle = handle;
        Index = index;
        DataType = (RasterDataType)GdalNative.GDALGetRasterDataType(handle);
        int has;
        var noData = GdalNative.GDALGetRasterNoDataValue(handle, &has);
        NoData = has != 0 ? noData : null;
        var scale = GdalNative.GDALGetRasterScale(handle, &has);
        HasScale = has != 0;
        Scale = HasScale ? scale : 1.0;
        var offset = GdalNative.GDALGetRasterOffset(handle, &has);
        HasScale |= has != 0;
        Offset = has != 0 ? offset : 0.0;
        int bx, by;
        GdalNative.GDALGetBlockSize(handle, &bx, &by);
        BlockWidth = bx;
        BlockHeight = by;
        Description = GdalNative.ReadString(GdalNative.GDALGetDescription(handle)) ?? "";
    }

    /// <summary>1-based band number.</summary>
    public int Index { get; }
    public RasterDataType DataType { get; }

    /// <summary>GDAL's band description (where band names such as "B02" live).</summary>
    public string Description { get; }
    public double? NoData { get; }

    /// <summary>True when the file sets a scale or an offset for this band.</summary>
    public bool HasScale { get; }
    public double Scale { get; }
    public double Offset { get; }
    public int BlockWidth { get; }
    public int BlockHeight { get; }

    /// <summary>The colour table, or null when the band has none.</summary>
    public ColorTable? ColorTable
    {
        get
        {
            var table = GdalNative.GDALGetRasterColorTable(Handle);
            if (table == IntPtr.Zero) return null;
            var count = GdalNative.GDALGetColorEntryCount(table);
            var entries = new ColorEntry[count];
            for (var i = 0; i < count; i++)
            {
                var e = System.Runtime.InteropServices.Marshal.PtrToStructure<GdalNative.ColorEntry>(GdalNative.GDALGetColorEntry(table, i));
                entries[i] = new ColorEntry((byte)e.C1, (byte)e.C2, (byte)e.C3, (byte)e.C4);
            }
            return new ColorTable(entries);
        }
    }

    public IReadOnlyDictionary<string, string> Metadata(string? domain = null) => MetadataReader.Read(Handle, domain);

    public string? MetadataItem(string name, string? domain = null) => MetadataReader.Item(Handle, name, domain);

    /// <summary>
    /// Reads <paramref name="window"/> into <paramref name="destination"/> at
    /// <paramref name="bufferWidth"/> x <paramref name="bufferHeight"/>, converting to T and
    /// resampling by <paramref name="resampling"/> when the sizes differ.
    /// </summary>
    public unsafe void Read<T>(Window window, Span<T> destination, int bufferWidth, int bufferHeight,
        Resampling resampling = Resampling.Nearest) where T : unmanaged
    {
        if (!window.FitsIn(_dataset.Width, _dataset.Height))
            throw new ArgumentOutOfRangeException(nameof(window), $"window {window} is outside {_dataset.Path} ({_dataset.Width}x{_dataset.Height})");
        if (bufferWidth <= 0 || bufferHeight <= 0) throw new ArgumentOutOfRangeException(nameof(bufferWidth));
        if (destination.Length < (long)bufferWidth * bufferHeight)
            throw new ArgumentException($"buffer holds {destination.Length} values, {bufferWidth * bufferHeight} needed", nameof(destination));
        var extra = new GdalNative.RasterIOExtraArg { Version = 1, ResampleAlg = (int)resampling };
        GdalErrors.Reset();
        int result;
        fixed (T* buffer = destination)
        {
            result = GdalNative.GDALRasterIOEx(Handle, GdalNative.Read, window.X, window.Y, window.Width, window.Height,
                buffer, bufferWidth, bufferHeight, (int)RasterDataTypes.Of<T>(), 0, 0, &extra);
        }
        if (result != 0) throw GdalErrors.ReadFailure(_dataset.Path, $"reading band {Index} window {window}");
    }

    /// <summary>Reads a window (default: the whole band) at full resolution into a new array.</summary>
    public T[] Read<T>(Window? window = null) where T : unmanaged
    {
        var w = window ?? Window.Full(_dataset.Width, _dataset.Height);
        var data = new T[w.PixelCount];
        Read<T>(w, data, w.Width, w.Height);
        return data;
    }

    /// <summary>Exact minimum and maximum of the band, nodata excluded; null when all pixels are nodata.</summary>
    public unsafe (double Min, double Max)? ComputeMinMax()
    {
        var minMax = stackalloc double[2];
        GdalErrors.Reset();
        GdalNative.GDALComputeRasterMinMax(Handle, 0, minMax);
        if (GdalErrors.FailedSinceReset())
        {
            var message = GdalErrors.LastMessage() ?? "";
            if (message.Contains("valid pixels", StringComparison.OrdinalIgnoreCase) || message.Contains("nodata", StringComparison.OrdinalIgnoreCase))
            {
                GdalErrors.Reset();
                return null;
            }
            throw GdalErrors.ReadFailure(_dataset.Path, $"reading band {Index}");
        }
        return (minMax[0], minMax[1]);
    }

    internal IntPtr Handle
    {
        get
        {
            _ = _dataset.Handle; // throws when the dataset was disposed
            return _handle;
        }
    }
}
