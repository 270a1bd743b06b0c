using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>CPL error state and configuration options (cpl_error.h, cpl_conv.h).</summary>
internal static partial class GdalNative
{
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr CPLGetLastErrorMsg();
    [LibraryImport(GdalLibrary.Name)] internal static partial int CPLGetLastErrorNo();
    [LibraryImport(GdalLibrary.Name)] internal static partial int CPLGetLastErrorType();
    [LibraryImport(GdalLibrary.Name)] internal static partial void CPLErrorReset();

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void CPLSetConfigOption(string key, string? value);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void CPLSetThreadLocalConfigOption(string key, string? value);

    // Returns the default pointer itself when unset: pass null and test for IntPtr.Zero.
    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr CPLGetConfigOption(string key, IntPtr defaultValue);

    [LibraryImport(GdalLibrary.Name)] internal static partial void VSIFree(IntPtr pointer);
    [LibraryImport(GdalLibrary.Name)] internal static partial void GDALSetCacheMax64(long bytes);
    [LibraryImport(GdalLibrary.Name)] internal static partial long GDALGetCacheMax64();

    /// <summary>Reads a GDAL-owned UTF-8 string without freeing it.</summary>
    internal static string? ReadString(IntPtr pointer) => pointer == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(pointer);

    /// <summary>Reads a GDAL-owned NULL-terminated char** list without freeing it.</summary>
    internal static unsafe List<string> ReadStringList(IntPtr list)
    {
        var result = new List<string>();
        if (list == IntPtr.Zero) return result;
        for (var p = (IntPtr*)list; *p != IntPtr.Zero; p++) result.Add(Marshal.PtrToStringUTF8(*p)!);
        return result;
    }
}
