using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CloudMask.Nn.Tensors;

/// <summary>Keeps freed native blocks of large tensors for reuse by the next tensor of the same
/// byte size. Networks allocate the same activation sizes every forward pass; without reuse each
/// 32 MB activation is a fresh mmap whose 8192 pages fault in one by one (measured: 16 ms per
/// 32 MB block on this machine, more than the convolution that fills it). Blocks below
/// <see cref="MinPooledBytes"/> go straight back to the allocator. The pool holds at most
/// <see cref="MaxCachedBytes"/>; beyond that blocks are freed. Thread-safe (the GC finaliser
/// returns blocks too). This is process-wide state by design, like the allocator it fronts.</summary>
internal static unsafe class NativeBlockPool
{
    internal const long MinPooledBytes = 1 << 20;
    internal const long MaxCachedBytes = 2L << 30;
    private const nuint Alignment = 64;

    private static readonly ConcurrentDictionary<long, ConcurrentBag<IntPtr>> FreeBlocks = new();
    private static long cachedBytes;

    /// <summary>A block of at least one byte; zero-filled when <paramref name="clear"/>.</summary>
    internal static IntPtr Rent(long bytes, bool clear)
    {
        bytes = Math.Max(bytes, 1);
        IntPtr block = IntPtr.Zero;
        if (bytes >= MinPooledBytes && FreeBlocks.TryGetValue(bytes, out var bag) && bag.TryTake(out block))
            Interlocked.Add(ref cachedBytes, -bytes);
        else
            block = (IntPtr)NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
        if (clear) NativeMemory.Clear((void*)block, (nuint)bytes);
        return block;
    }

    internal static void Return(IntPtr block, long bytes)
    {
        bytes = Math.Max(bytes, 1);
        if (bytes >= MinPooledBytes && Interlocked.Add(ref cachedBytes, bytes) <= MaxCachedBytes)
        {
            FreeBlocks.GetOrAdd(bytes, _ => new ConcurrentBag<IntPtr>()).Add(block);
            return;
        }
        if (bytes >= MinPooledBytes) Interlocked.Add(ref cachedBytes, -bytes);
        NativeMemory.AlignedFree((void*)block);
    }
}
