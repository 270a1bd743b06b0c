using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>Drivers and dataset creation (gdal.h: GDALGetDriverByName, GDALCreate, GDALCreateCopy).</summary>
internal static partial class GdalNative
{
    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALGetDriverByName(string name);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALCreate(IntPtr driver, string path, int width, int height, int bands, int dataType, IntPtr options);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALCreateCopy(IntPtr driver, string path, DatasetHandle source, int strict,
        IntPtr options, IntPtr progress, IntPtr progressData);
}
