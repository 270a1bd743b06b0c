using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>dnnl_memory_desc_t of oneDNN 2.6: a plain 696-byte struct (sizeof verified with gcc
/// against dnnl.h). Only ndims and dims are read from C#; the rest is opaque.</summary>
[StructLayout(LayoutKind.Sequential, Size = SizeInBytes)]
internal unsafe struct MemoryDesc
{
    internal const int SizeInBytes = 696;
    internal const int MaxDims = 12;
    internal const int DataTypeF32 = 3;
    internal const int FormatTagAny = 1;
    internal const int FormatTagX = 2;
    internal const int FormatTagNchw = 5;

    private fixed byte bytes[SizeInBytes];

    internal int NDims { get { fixed (byte* p = bytes) return *(int*)p; } }

    /// <summary>dims start at offset 8 (after ndims and padding), verified with offsetof.</summary>
    internal long Dim(int i) { fixed (byte* p = bytes) return ((long*)(p + 8))[i]; }

    internal static MemoryDesc ByTag(ReadOnlySpan<long> dims, int tag)
    {
        var desc = default(MemoryDesc);
        fixed (long* d = dims)
            DnnlException.Check(NativeMethods.dnnl_memory_desc_init_by_tag(&desc, dims.Length, d, DataTypeF32, tag), "dnnl_memory_desc_init_by_tag");
        return desc;
    }

    /// <summary>Format `any`: lets the primitive pick its preferred (blocked) layout.</summary>
    internal static MemoryDesc Any(ReadOnlySpan<long> dims) => ByTag(dims, FormatTagAny);

    internal static MemoryDesc ByStrides(ReadOnlySpan<long> dims, ReadOnlySpan<long> strides)
    {
        var desc = default(MemoryDesc);
        fixed (long* d = dims)
        fixed (long* s = strides)
            DnnlException.Check(NativeMethods.dnnl_memory_desc_init_by_strides(&desc, dims.Length, d, DataTypeF32, s), "dnnl_memory_desc_init_by_strides");
        return desc;
    }

    internal bool SameLayout(in MemoryDesc other)
    {
        fixed (MemoryDesc* a = &this)
        fixed (MemoryDesc* b = &other)
            return NativeMethods.dnnl_memory_desc_equal(a, b) != 0;
    }

    internal long ByteSize
    {
        get { fixed (MemoryDesc* a = &this) return (long)NativeMethods.dnnl_memory_desc_get_size(a); }
    }
}
