using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

internal static unsafe partial class NativeMethods
{
    /// <summary>DNNL_MEMORY_ALLOCATE: the library allocates the buffer itself.</summary>
    internal static readonly IntPtr MemoryAllocate = new(-1);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_memory_desc_init_by_tag(MemoryDesc* desc, int ndims, long* dims, int dataType, int tag);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_memory_desc_init_by_strides(MemoryDesc* desc, int ndims, long* dims, int dataType, long* strides);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial int dnnl_memory_desc_equal(MemoryDesc* lhs, MemoryDesc* rhs);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial nuint dnnl_memory_desc_get_size(MemoryDesc* desc);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_memory_create(out IntPtr memory, MemoryDesc* desc, IntPtr engine, IntPtr handle);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_memory_set_data_handle(IntPtr memory, IntPtr handle);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_memory_get_data_handle(IntPtr memory, out IntPtr handle);

    [LibraryImport(DnnlLibrary.DnnlName)]
    internal static partial DnnlStatus dnnl_memory_destroy(IntPtr memory);
}
