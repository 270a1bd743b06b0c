using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>Band-level calls (gdal.h: data type, nodata, scale, block size, RasterIOEx, colour tables).</summary>
internal static partial class GdalNative
{
    internal const int Read = 0;
    internal const int Write = 1;

    /// <summary>GDALRasterIOExtraArg as of GDAL 3.6 (RASTERIO_EXTRA_ARG_CURRENT_VERSION 1).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RasterIOExtraArg
    {
        public int Version;
        public int ResampleAlg;
        public IntPtr Progress;
        public IntPtr ProgressData;
        public int FloatingPointWindowValidity;
        public double XOff, YOff, XSize, YSize;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ColorEntry { public short C1, C2, C3, C4; }

    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetRasterDataType(IntPtr band);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial double GDALGetRasterNoDataValue(IntPtr band, int* hasValue);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALSetRasterNoDataValue(IntPtr band, double value);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial double GDALGetRasterScale(IntPtr band, int* hasValue);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial double GDALGetRasterOffset(IntPtr band, int* hasValue);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALSetRasterScale(IntPtr band, double scale);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALSetRasterOffset(IntPtr band, double offset);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial void GDALGetBlockSize(IntPtr band, int* x, int* y);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetRasterColorInterpretation(IntPtr band);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALSetRasterColorInterpretation(IntPtr band, int interpretation);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetOverviewCount(IntPtr band);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial int GDALComputeRasterMinMax(IntPtr band, int approxOk, double* minMax);

    [LibraryImport(GdalLibrary.Name)]
    internal static unsafe partial int GDALRasterIOEx(IntPtr band, int readWrite, int x, int y, int width, int height,
        void* buffer, int bufferWidth, int bufferHeight, int bufferType, long pixelSpace, long lineSpace, RasterIOExtraArg* extra);

    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetRasterColorTable(IntPtr band);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALSetRasterColorTable(IntPtr band, IntPtr table);
    [LibraryImport(GdalLibrary.Name)] internal static partial int GDALGetColorEntryCount(IntPtr table);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALGetColorEntry(IntPtr table, int index);
    [LibraryImport(GdalLibrary.Name)] internal static partial IntPtr GDALCreateColorTable(int paletteInterpretation);
    [LibraryImport(GdalLibrary.Name)] internal static unsafe partial void GDALSetColorEntry(IntPtr table, int index, ColorEntry* entry);
    [LibraryImport(GdalLibrary.Name)] internal static partial void GDALDestroyColorTable(IntPtr table);
}
