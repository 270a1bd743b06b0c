using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>
/// GDAL configuration options set for a scope and restored afterwards, like rasterio's Env:
/// <c>using (GdalConfig.Scope("GDAL_CACHEMAX", "512")) { ... }</c>. Options are set for the
/// calling thread only, so parallel readers do not see each other's settings.
/// </summary>
public static class GdalConfig
{
    /// <summary>Sets <paramref name="key"/> on this thread until the returned scope is disposed.</summary>
    public static IDisposable Scope(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        GdalLibrary.EnsureInitialized();
        var previous = GdalNative.ReadString(GdalNative.CPLGetConfigOption(key, IntPtr.Zero));
        GdalNative.CPLSetThreadLocalConfigOption(key, value);
        return new Restore(key, previous);
    }

    /// <summary>The value GDAL sees for <paramref name="key"/> on this thread, or null.</summary>
    public static string? Get(string key)
    {
        GdalLibrary.EnsureInitialized();
        return GdalNative.ReadString(GdalNative.CPLGetConfigOption(key, IntPtr.Zero));
    }

    /// <summary>
    /// Sets GDAL's block cache size for the whole process (GDALSetCacheMax64). GDAL reads
    /// GDAL_CACHEMAX only once, so a scoped option cannot change it; readers that decode JPEG 2000
    /// tiles once per strip need the cache to hold a strip's tiles.
    /// </summary>
    public static void SetCacheMaxMegabytes(long megabytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(megabytes);
        GdalLibrary.EnsureInitialized();
        GdalNative.GDALSetCacheMax64(megabytes * 1024 * 1024);
    }

    /// <summary>
    /// Sets <paramref name="key"/> for every thread of the process unless the user already set it
    /// (in the environment or earlier): for defaults that readers on any thread must see, such as
    /// how /vsicurl/ talks to web servers.
    /// </summary>
    public static void SetProcessDefault(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        GdalLibrary.EnsureInitialized();
        if (GdalNative.CPLGetConfigOption(key, IntPtr.Zero) != IntPtr.Zero) return;
        GdalNative.CPLSetConfigOption(key, value);
    }

    /// <summary>GDAL's current block cache size in megabytes.</summary>
    public static long CacheMaxMegabytes()
    {
        GdalLibrary.EnsureInitialized();
        return GdalNative.GDALGetCacheMax64() / (1024 * 1024);
    }

    private sealed class Restore(string key, string? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            GdalNative.CPLSetThreadLocalConfigOption(key, previous);
        }
    }
}
