using System.Reflection;
using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>The one place where the oneDNN and OpenMP shared libraries are resolved.
/// Debian ships only the versioned name (libdnnl.so.2) unless libdnnl-dev is installed, so the
/// resolver maps the logical name "dnnl" to it and reports a missing library with the fix.</summary>
internal static class DnnlLibrary
{
    internal const string DnnlName = "dnnl";
    internal const string OpenMpName = "gomp";
    internal const string DnnlFileName = "libdnnl.so.2";
    private const string OpenMpFileName = "libgomp.so.1";

    private static readonly Lazy<IntPtr> DnnlHandle = new(() => LoadOrThrow(DnnlFileName));
    private static readonly Lazy<IntPtr> OpenMpHandle = new(() => LoadOrThrow(OpenMpFileName));
    private static int resolverInstalled;

    /// <summary>Installs the resolver once; called from NativeMethods' static constructor.</summary>
    internal static void InstallResolver()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(DnnlLibrary).Assembly, Resolve);
    }

    /// <summary>Loads oneDNN now so that a missing library surfaces as one clear exception.</summary>
    internal static void EnsureLoaded() => _ = DnnlHandle.Value;

    internal static IntPtr LoadOrThrow(string fileName)
    {
        if (NativeLibrary.TryLoad(fileName, out var handle)) return handle;
        throw new NativeLibraryMissingException(fileName);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName switch
        {
            DnnlName => DnnlHandle.Value,
            OpenMpName => OpenMpHandle.Value,
            _ => IntPtr.Zero,
        };
}
