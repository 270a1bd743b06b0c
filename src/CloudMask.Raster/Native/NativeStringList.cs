using System.Runtime.InteropServices;

namespace CloudMask.Raster.Native;

/// <summary>
/// A NULL-terminated char** built from managed strings (GDAL option lists), freed on dispose.
/// GDAL only reads these lists, so building them ourselves avoids CSL ownership rules.
/// </summary>
internal sealed class NativeStringList : IDisposable
{
    private readonly IntPtr[] _strings;
    private IntPtr _array;

    public NativeStringList(IEnumerable<string>? items)
    {
        _strings = (items ?? []).Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        _array = Marshal.AllocCoTaskMem(IntPtr.Size * (_strings.Length + 1));
        for (var i = 0; i < _strings.Length; i++) Marshal.WriteIntPtr(_array, i * IntPtr.Size, _strings[i]);
        Marshal.WriteIntPtr(_array, _strings.Length * IntPtr.Size, IntPtr.Zero);
    }

    /// <summary>The char** to pass to GDAL; valid until disposed.</summary>
    public IntPtr Pointer => _array;

    public void Dispose()
    {
        if (_array == IntPtr.Zero) return;
        foreach (var s in _strings) Marshal.FreeCoTaskMem(s);
        Marshal.FreeCoTaskMem(_array);
        _array = IntPtr.Zero;
    }
}
