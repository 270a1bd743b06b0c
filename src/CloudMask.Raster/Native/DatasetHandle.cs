using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>Owns a GDALDatasetH: closed exactly once, by GDALClose, when released.</summary>
internal sealed class DatasetHandle : SafeHandle
{
    public DatasetHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public DatasetHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GdalNative.GDALClose(handle);
        return true;
    }
}
