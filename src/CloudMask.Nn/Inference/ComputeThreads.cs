using CloudMask.Nn.Native;

namespace CloudMask.Nn.Inference;

/// <summary>
/// How many threads oneDNN uses for work started on the calling thread. OpenMP keeps this per
/// thread, so the limit is scoped: dispose to restore the previous count. It lets a user leave
/// cores free for other work (`predict --threads N`) without touching OMP_NUM_THREADS.
/// </summary>
public sealed class ComputeThreads : IDisposable
{
    private readonly int previous;
    private bool disposed;

    private ComputeThreads(int count)
    {
        previous = DnnlRuntime.MaxThreads();
        DnnlRuntime.SetThreadsForCurrentThread(count);
    }

    /// <summary>Threads oneDNN uses from the calling thread now (OMP_NUM_THREADS, or all cores, unless limited).</summary>
    public static int Current => DnnlRuntime.MaxThreads();

    /// <summary>Limits oneDNN to <paramref name="count"/> threads for work started on this thread until disposed.</summary>
    public static ComputeThreads Use(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new ComputeThreads(count);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        DnnlRuntime.SetThreadsForCurrentThread(previous);
    }
}
