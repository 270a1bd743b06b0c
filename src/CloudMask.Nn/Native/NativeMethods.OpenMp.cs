using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>Debian's oneDNN runs on GNU OpenMP. omp_set_num_threads sets the thread count for
/// parallel regions started by the calling thread only, which is what tile parallelism needs.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(DnnlLibrary.OpenMpName)]
    internal static partial void omp_set_num_threads(int count);

    [LibraryImport(DnnlLibrary.OpenMpName)]
    internal static partial int omp_get_max_threads();
}
