using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>Copies an in-memory raster to a file safely: temporary name, then rename.</summary>
internal static class RasterSaver
{
    public static void Save(InMemoryRaster source, string path, RasterFormat format, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new RasterWriteException(path, $"folder {folder} does not exist");
        if (Directory.Exists(full)) throw new RasterWriteException(path, "is a folder");
        if (File.Exists(full) && !overwrite) throw new OutputExistsException(path);

        var driver = GdalNative.GDALGetDriverByName(format.Driver);
        if (driver == IntPtr.Zero) throw new RasterWriteException(path, $"GDAL has no {format.Driver} driver");
        // Same folder (so the rename is atomic), hidden, with the real extension (drivers look at it).
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}{System.IO.Path.GetExtension(full)}");
        try
        {
            // Without PAM, GDAL writes no .aux.xml sidecar next to the temporary name.
            using (GdalConfig.Scope("GDAL_PAM_ENABLED", "NO"))
            using (var options = new NativeStringList(format.CreationOptions))
            {
                GdalErrors.Reset();
                var copy = GdalNative.GDALCreateCopy(driver, temporary, source.Handle, 0, options.Pointer, IntPtr.Zero, IntPtr.Zero);
                if (copy == IntPtr.Zero) throw GdalErrors.WriteFailure(path, $"writing {format.Driver}");
                // Closing flushes the last blocks: a full disk shows up here.
                GdalNative.GDALClose(copy);
                if (GdalErrors.FailedSinceReset()) throw GdalErrors.WriteFailure(path, $"writing {format.Driver}");
            }
            File.Move(temporary, full, overwrite);
        }
        catch (Exception e) when (e is not RasterException)
        {
            TryDelete(temporary);
            throw new RasterWriteException(path, e.Message);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); File.Delete(file + ".aux.xml"); }
        catch (IOException) { /* best effort: nothing more can be done about a leftover */ }
    }
}
