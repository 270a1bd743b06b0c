namespace CloudMask.Stac;

/// <summary>How GDAL names what an href points at: /vsicurl/ for http(s), /vsis3/ and /vsigs/ for buckets, paths as they are.</summary>
public static class GdalPaths
{
    public static string For(string href)
    {
        if (StacItemReader.IsHttp(href)) return "/vsicurl/" + href;
        if (href.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) return "/vsis3/" + href["s3://".Length..];
        if (href.StartsWith("gs://", StringComparison.OrdinalIgnoreCase)) return "/vsigs/" + href["gs://".Length..];
        return href;
    }

    /// <summary>
    /// GDAL defaults for reading rasters over HTTP, set once for the process unless the user set them:
    /// no directory listing on open (one request fewer per file) and adjacent ranges merged.
    /// </summary>
    public static void UseRemoteReadingDefaults()
    {
        Raster.GdalConfig.SetProcessDefault("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
        Raster.GdalConfig.SetProcessDefault("GDAL_HTTP_MERGE_CONSECUTIVE_RANGES", "YES");
        Raster.GdalConfig.SetProcessDefault("GDAL_HTTP_MAX_RETRY", "3");
        Raster.GdalConfig.SetProcessDefault("GDAL_HTTP_RETRY_DELAY", "1");
    }
}
