using System.Collections.Concurrent;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Inference;

/// <summary>
/// Inference sessions over one model for callers on several threads at once. A session serves
/// one thread at a time, so each <see cref="Run"/> borrows an idle one, or compiles a new one
/// when all are busy: there are never more sessions (and activation buffers) than callers that
/// ran at the same time. A single-threaded caller keeps reusing one session.
/// </summary>
public sealed class SessionPool(Module model) : IDisposable
{
    private readonly ConcurrentBag<InferenceSession> idle = [];
    private readonly ConcurrentBag<InferenceSession> all = [];
    private int disposed;

    /// <summary>Sessions compiled so far (the most callers that ran at once).</summary>
    public int Count => all.Count;

    /// <summary>The model's output for a batch, as a new caller-owned tensor in NCHW. oneDNN uses
    /// the calling thread's OpenMP thread count (see <see cref="ComputeThreads"/>).</summary>
    public Tensor Run(Tensor input)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (!idle.TryTake(out var session))
        {
            session = new InferenceSession(model);
            all.Add(session);
        }
        try { return session.Run(input); }
        finally { idle.Add(session); }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var session in all) session.Dispose();
    }
}
