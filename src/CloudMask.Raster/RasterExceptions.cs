namespace CloudMask.Raster;

/// <summary>
/// Root of the errors this library raises for inputs and outputs. It is an <see cref="IOException"/>
/// (like rasterio's RasterioIOError), and its message is one line: "PATH: reason".
/// </summary>
public class RasterException : IOException
{
    public RasterException(string path, string reason, int gdalErrorNumber = 0)
        : base($"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
        GdalErrorNumber = gdalErrorNumber;
    }

    /// <summary>The file (or GDAL dataset name) the error is about.</summary>
    public string Path { get; }

    /// <summary>The reason alone, without the path.</summary>
    public string Reason { get; }

    /// <summary>GDAL's CPLE_* error number, 0 when the error did not come from GDAL.</summary>
    public int GdalErrorNumber { get; }
}

/// <summary>The path names no file or folder.</summary>
public sealed class RasterNotFoundException(string path, string reason = "no such file")
    : RasterException(path, reason);

/// <summary>The file exists but is not a raster GDAL can read, or its content is damaged.</summary>
public sealed class RasterFormatException(string path, string reason, int gdalErrorNumber = 0)
    : RasterException(path, reason, gdalErrorNumber);

/// <summary>Writing an output failed (disk full, no permission, driver refused the data).</summary>
public sealed class RasterWriteException(string path, string reason, int gdalErrorNumber = 0)
    : RasterException(path, reason, gdalErrorNumber);

/// <summary>The output exists and overwriting was not asked for.</summary>
public sealed class OutputExistsException(string path)
    : RasterException(path, "already exists (use --overwrite to replace it)");

/// <summary>A raster's content does not fit what the caller needs (missing band names, wrong type).</summary>
public sealed class RasterContentException(string path, string reason)
    : RasterException(path, reason);
