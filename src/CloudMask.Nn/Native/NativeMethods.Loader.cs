namespace CloudMask.Nn.Native;

/// <summary>All P/Invokes into oneDNN and OpenMP, one file per native area.</summary>
internal static partial class NativeMethods
{
    // An explicit static constructor runs before the first P/Invoke of this class, so the
    // resolver that maps "dnnl" to libdnnl.so.2 is in place before any library lookup.
    static NativeMethods() => DnnlLibrary.InstallResolver();
}
