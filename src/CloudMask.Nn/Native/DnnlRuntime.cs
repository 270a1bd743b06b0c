namespace CloudMask.Nn.Native;

/// <summary>The CPU engine (one per process, thread-safe in oneDNN) and one execution stream per
/// thread (streams are not safe to share between threads that execute concurrently).
/// These are the only process-wide native handles of the engine.</summary>
internal static class DnnlRuntime
{
    private static readonly Lazy<EngineHandle> LazyEngine = new(CreateEngine);

    [ThreadStatic] private static StreamHandle? threadStream;

    internal static EngineHandle Engine => LazyEngine.Value;

    internal static StreamHandle Stream => threadStream ??= CreateStream();

    private static EngineHandle CreateEngine()
    {
        DnnlLibrary.EnsureLoaded();
        DnnlException.Check(NativeMethods.dnnl_engine_create(out var engine, NativeMethods.EngineKindCpu, 0), "dnnl_engine_create");
        return new EngineHandle(engine);
    }

    private static StreamHandle CreateStream()
    {
        DnnlException.Check(NativeMethods.dnnl_stream_create(out var stream, Engine.DangerousGetHandle(), NativeMethods.StreamDefaultFlags), "dnnl_stream_create");
        return new StreamHandle(stream);
    }

    /// <summary>Sets the OpenMP thread count for oneDNN calls made from the current thread.</summary>
    internal static void SetThreadsForCurrentThread(int count)
    {
        DnnlLibrary.EnsureLoaded();
        NativeMethods.omp_set_num_threads(count);
    }

    internal static int MaxThreads()
    {
        DnnlLibrary.EnsureLoaded();
        return NativeMethods.omp_get_max_threads();
    }
}
