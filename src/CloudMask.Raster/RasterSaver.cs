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
        var temporary = PartialFiles.TemporaryFor(full, System.IO.Path.GetExtension(full));
        try
        {
            // Strict copy: a format that cannot hold the data fails rather than silently converting.
            // Without PAM, GDAL writes no .aux.xml sidecar next to the temporary name.
            using (GdalConfig.Scope("GDAL_PAM_ENABLED", "NO"))
            using (var options = new NativeStringList(format.CreationOptions))
            {
                GdalErrors.Reset();
                var copy = GdalNative.GDALCreateCopy(driver, temporary, source.Handle, 1, options.Pointer, IntPtr.Zero, IntPtr.Zero);
                if (copy == IntPtr.Zero) throw GdalErrors.WriteFailure(path, $"writing {format.Driver}");
                // Closing flushes the last blocks: a full disk shows up here.
                GdalNative.GDALClose(copy);
                if (GdalErrors.FailedSinceReset()) throw GdalErrors.WriteFailure(path, $"writing {format.Driver}");
                if (format.Driver == "GTiff") CopyExtraMetadataDomains(source, temporary, path);
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

    /// <summary>
    /// GTiff's CreateCopy keeps only the default metadata domain of bands; items of other domains
    /// (IMAGERY wavelengths, GDAL RFC 100) go into the file's GDAL_METADATA tag when set on the
    /// file opened for update. A COG cannot be updated without losing its layout, so COGs keep
    /// the default domain only.
    /// </summary>
    private static void CopyExtraMetadataDomains(InMemoryRaster source, string temporary, string path)
    {
        var sourceObjects = new List<IntPtr> { source.Handle.DangerousGetHandle() };
        for (var b = 1; b <= source.BandCount; b++) sourceObjects.Add(GdalNative.GDALGetRasterBand(source.Handle, b));
        var domains = sourceObjects.Select(o => MetadataReader.Domains(o).Where(IsExtraDomain).ToList()).ToList();
        if (domains.All(d => d.Count == 0)) return;

        var raw = GdalNative.GDALOpenEx(temporary, GdalNative.OpenRaster | GdalNative.OpenUpdate, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (raw == IntPtr.Zero) throw GdalErrors.WriteFailure(path, "reopening to write metadata");
        using var target = new DatasetHandle(raw);
        for (var i = 0; i < sourceObjects.Count; i++)
        {
            var targetObject = i == 0 ? raw : GdalNative.GDALGetRasterBand(target, i);
            foreach (var domain in domains[i])
                foreach (var (key, value) in MetadataReader.Read(sourceObjects[i], domain))
                    GdalErrors.CheckWrite(GdalNative.GDALSetMetadataItem(targetObject, key, value, domain), path, $"writing metadata {domain}/{key}");
        }
    }

    private static bool IsExtraDomain(string domain) =>
        domain is not ("" or "IMAGE_STRUCTURE" or "DERIVED_SUBDATASETS") && !domain.StartsWith("xml:", StringComparison.Ordinal);

    private static void TryDelete(string file)
    {
        try { File.Delete(file); File.Delete(file + ".aux.xml"); }
        catch (IOException) { /* best effort: nothing more can be done about a leftover */ }
    }
}
