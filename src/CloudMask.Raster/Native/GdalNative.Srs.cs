using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>Spatial reference calls (ogr_srs_api.h), enough to name a CRS and build one from EPSG.</summary>
internal static partial class GdalNative
{
    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr OSRNewSpatialReference(string? wkt);
    [LibraryImport(GdalLibrary.Name)] internal static partial void OSRDestroySpatialReference(IntPtr srs);
    [LibraryImport(GdalLibrary.Name)] internal static partial int OSRImportFromEPSG(IntPtr srs, int epsg);
    [LibraryImport(GdalLibrary.Name)] internal static partial int OSRAutoIdentifyEPSG(IntPtr srs);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial int OSRExportToWkt(IntPtr srs, IntPtr* wkt);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial int OSRExportToProj4(IntPtr srs, IntPtr* proj4);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr OSRGetAuthorityCode(IntPtr srs, IntPtr targetKey);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr OSRGetAuthorityName(IntPtr srs, IntPtr targetKey);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr OSRGetName(IntPtr srs);
    [LibraryImport(GdalLibrary.Name)] internal static partial int OSRIsProjected(IntPtr srs);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial double OSRGetLinearUnits(IntPtr srs, IntPtr* unitName);
    [LibraryImport(GdalLibrary.Name)] internal static partial void OSRSetAxisMappingStrategy(IntPtr srs, int strategy);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr OCTNewCoordinateTransformation(IntPtr source, IntPtr target);
    [LibraryImport(GdalLibrary.Name)] internal static partial void OCTDestroyCoordinateTransformation(IntPtr transformation);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial int OCTTransform(IntPtr transformation, int count, double* x, double* y, double* z);
}
