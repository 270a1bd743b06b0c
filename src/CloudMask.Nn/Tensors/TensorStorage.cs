using System.Runtime.InteropServices;

namespace CloudMask.Nn.Tensors;

/// <summary>Owns one 64-byte aligned native float buffer (from <see cref="NativeBlockPool"/>).
/// 64 bytes is one AVX-512 vector and one cache line, which is what oneDNN's kernels like. The GC
/// is told about the size so that undisposed tensors still trigger collections before memory runs
/// out.</summary>
internal sealed unsafe class TensorStorage : SafeHandle
{
    /// <param name="clear">false only where every element is written before it is read.</param>
    internal TensorStorage(long length, bool clear = true) : base(IntPtr.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        SetHandle(NativeBlockPool.Rent(length * sizeof(float), clear));
        if (length > 0) GC.AddMemoryPressure(length * sizeof(float));
    }

    internal long Length { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal float* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return (float*)handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        NativeBlockPool.Return(handle, Length * sizeof(float));
        if (Length > 0) GC.RemoveMemoryPressure(Length * sizeof(float));
        return true;
    }
}
