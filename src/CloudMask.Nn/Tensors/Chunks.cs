namespace CloudMask.Nn.Tensors;

/// <summary>Splits an element range into a few chunks per core for Parallel.For; ranges too small
/// to repay the scheduling run inline.</summary>
internal static class Chunks
{
    private const int MinParallelLength = 1 << 16;

    internal static void For(long length, Action<int, int> body)
    {
        var n = checked((int)length);
        if (n < MinParallelLength) { body(0, n); return; }
        var chunks = Math.Min(Environment.ProcessorCount * 4, n / (MinParallelLength / 4));
        var size = (n + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            var start = c * size;
            var count = Math.Min(size, n - start);
            if (count > 0) body(start, count);
        });
    }
}
