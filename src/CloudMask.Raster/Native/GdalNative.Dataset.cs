using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>Dataset-level calls (gdal.h: GDALOpenEx, sizes, georeferencing, metadata).</summary>
internal static partial class GdalNative
{
    internal const uint OpenRaster = 0x02;
    internal const uint OpenUpdate = 0x01;
    internal const uint OpenVerboseError = 0x40;

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALOpenEx(string path, uint flags, IntPtr allowedDrivers, IntPtr openOptions, IntPtr siblingFiles);

    [LibraryImport(GdalLibrary.Name)] internal static partial void GDALClose(IntPtr dataset);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALFlushCache(IntPtr dataset);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetRasterXSize(DatasetHandle dataset);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetRasterYSize(DatasetHandle dataset);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetRasterCount(DatasetHandle dataset);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetRasterBand(DatasetHandle dataset, int index);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetDatasetDriver(DatasetHandle dataset);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetDriverShortName(IntPtr driver);

    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial int GDALGetGeoTransform(DatasetHandle dataset, double* transform);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial int GDALSetGeoTransform(DatasetHandle dataset, double* transform);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetProjectionRef(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALSetProjection(DatasetHandle dataset, string wkt);

    [LibraryImport(GdalLibrary.Name)]
    internal static partial int GDALBuildOverviews(DatasetHandle dataset, IntPtr resampling, int overviewCount,
        [In] int[] overviewFactors, int bandCount, IntPtr bandList, IntPtr progress, IntPtr progressData);

    // Metadata and descriptions work on any GDALMajorObjectH (dataset, band or driver).
    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALGetMetadata(IntPtr majorObject, string? domain);

    [LibraryImport(GdalLibrary.Name)]
    internal static partial IntPtr GDALGetMetadataDomainList(IntPtr majorObject);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr GDALGetMetadataItem(IntPtr majorObject, string name, string? domain);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GDALSetMetadataItem(IntPtr majorObject, string name, string? value, string? domain);

    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetDescription(IntPtr majorObject);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void GDALSetDescription(IntPtr majorObject, string description);

    [LibraryImport(GdalLibrary.Name)] internal static partial void CSLDestroy(IntPtr list);
}
