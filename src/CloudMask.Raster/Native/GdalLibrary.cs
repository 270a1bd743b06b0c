using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>
/// Loads libgdal.so.32 once per process, registers its drivers and silences its console
/// error printing (errors are read back with CPLGetLastErrorMsg and turned into exceptions by
/// <see cref="GdalErrors"/>). The library handle is the only global state of this project.
/// </summary>
internal static class GdalLibrary
{
    internal const string Name = "gdal";
    private static readonly string[] Candidates = ["libgdal.so.32", "libgdal.so", "gdal"];
    private static readonly Lazy<IntPtr> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    static GdalLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(GdalLibrary).Assembly, Resolve);
    }

    /// <summary>Makes sure GDAL is loaded and its drivers registered. Cheap after the first call.</summary>
    public static void EnsureInitialized() => _ = Handle.Value;

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? Handle.Value : IntPtr.Zero;

    private static unsafe IntPtr Load()
    {
        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                var allRegister = (delegate* unmanaged<void>)NativeLibrary.GetExport(handle, "GDALAllRegister");
                allRegister();
                // A quiet handler keeps GDAL from printing to stderr; the last error stays readable.
                var quiet = NativeLibrary.GetExport(handle, "CPLQuietErrorHandler");
                var setHandler = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "CPLSetErrorHandler");
                setHandler(quiet);
                return handle;
            }
        }
        throw new GdalMissingException();
    }
}

/// <summary>GDAL's shared library could not be loaded: the message says how to install it.</summary>
public sealed class GdalMissingException()
    : DllNotFoundException("GDAL (libgdal.so.32) is not installed: run `sudo apt-get install libgdal32`");
