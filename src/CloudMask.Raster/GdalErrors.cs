using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>
/// The one place where GDAL's error state becomes exceptions. GDAL keeps the last error per
/// thread; callers reset it before a call and read it only when the call signals failure.
/// </summary>
internal static class GdalErrors
{
    private const int Failure = 3; // CE_Failure
    private const int Fatal = 4;   // CE_Fatal
    private const int FileIO = 3, NoWriteAccess = 10; // CPLE_*

    /// <summary>GDAL's last error message on this thread, on one line, or null.</summary>
    public static string? LastMessage()
    {
        var message = GdalNative.ReadString(GdalNative.CPLGetLastErrorMsg());
        if (string.IsNullOrWhiteSpace(message)) return null;
        return string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public static void Reset() => GdalNative.CPLErrorReset();

    /// <summary>True when GDAL recorded a failure since the last reset (for void-returning calls).</summary>
    public static bool FailedSinceReset() => GdalNative.CPLGetLastErrorType() is Failure or Fatal;

    /// <summary>Builds the exception for a failed open of <paramref name="path"/>.</summary>
    public static RasterException OpenFailure(string path)
    {
        var number = GdalNative.CPLGetLastErrorNo();
        var message = LastMessage() ?? "GDAL could not open it";
        Reset();
        if (message.Contains("not recognized as a supported file format", StringComparison.Ordinal))
            return new RasterFormatException(path, "not a raster file GDAL can read", number);
        if (message.Contains("No such file", StringComparison.OrdinalIgnoreCase) || message.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
            return new RasterNotFoundException(path, message);
        return new RasterFormatException(path, $"cannot be opened: {message}", number);
    }

    /// <summary>Builds the exception for a failed read; the damage is in the file.</summary>
    public static RasterException ReadFailure(string path, string what)
    {
        var number = GdalNative.CPLGetLastErrorNo();
        var message = LastMessage() ?? "GDAL reported a failure";
        Reset();
        return new RasterFormatException(path, $"{what} failed (file damaged or truncated?): {message}", number);
    }

    /// <summary>Builds the exception for a failed write.</summary>
    public static RasterException WriteFailure(string path, string what)
    {
        var number = GdalNative.CPLGetLastErrorNo();
        var message = LastMessage() ?? "GDAL reported a failure";
        Reset();
        var hint = number == NoWriteAccess ? " (no write permission?)" : number == FileIO ? " (disk full?)" : "";
        return new RasterWriteException(path, $"{what} failed{hint}: {message}", number);
    }

    /// <summary>Throws <see cref="WriteFailure"/> when a CPLErr return code is a failure.</summary>
    public static void CheckWrite(int cplErr, string path, string what)
    {
        if (cplErr >= Failure) throw WriteFailure(path, what);
    }
}
