namespace CloudMask.Nn.Native;

/// <summary>Connects a caller buffer to the layout a primitive chose. A caller buffer in plain
/// layout (NCHW, OIHW) is reordered through a library-allocated buffer in the chosen layout when
/// the two differ; a caller buffer already in the chosen layout (a blocked tensor from the
/// previous layer) is used directly; and the chosen buffer of another bridge that already holds
/// the same data (forward input reused by backward-weights) can be shared.</summary>
internal sealed class LayoutBridge : IDisposable
{
    private readonly DnnlMemory user;
    private readonly DnnlMemory direct;
    private readonly DnnlMemory? chosen;
    private readonly DnnlPrimitive? reorder;
    private readonly bool toUser;
    private bool reorderPending;

    /// <param name="toUser">false: data flows from the caller buffer into the primitive (inputs);
    /// true: from the primitive out to the caller buffer (outputs).</param>
    internal LayoutBridge(in MemoryDesc userLayout, in MemoryDesc chosenLayout, bool toUser)
    {
        this.toUser = toUser;
        ChosenLayout = chosenLayout;
        user = DnnlMemory.OverUserBuffer(userLayout);
        direct = DnnlMemory.OverUserBuffer(chosenLayout);
        PrimitiveMemory = user.Handle;
        if (userLayout.SameLayout(chosenLayout)) return;
        chosen = DnnlMemory.Allocate(chosenLayout);
        reorder = toUser ? DnnlPrimitive.Reorder(chosenLayout, userLayout) : DnnlPrimitive.Reorder(userLayout, chosenLayout);
    }

    internal MemoryDesc ChosenLayout { get; }

    /// <summary>True when the primitive's layout differs from the plain one.</summary>
    internal bool Reorders => reorder is not null;

    /// <summary>The memory to hand to the primitive for the current binding.</summary>
    internal IntPtr PrimitiveMemory { get; private set; }

    /// <summary>The caller buffer of the current binding and whether it went through the chosen buffer.</summary>
    internal IntPtr BoundBuffer { get; private set; }

    /// <summary>Points at a caller buffer in plain layout; for inputs, reorders it into the chosen layout.</summary>
    internal void Bind(IntPtr userBuffer)
    {
        BoundBuffer = userBuffer;
        user.SetBuffer(userBuffer);
        if (chosen is null) { PrimitiveMemory = user.Handle; reorderPending = false; return; }
        PrimitiveMemory = chosen.Handle;
        reorderPending = toUser;
        if (!toUser) Run();
    }

    /// <summary>Points at a caller buffer that is already in the chosen layout: no reorder either way.</summary>
    internal void BindDirect(IntPtr bufferInChosenLayout)
    {
        BoundBuffer = bufferInChosenLayout;
        direct.SetBuffer(bufferInChosenLayout);
        PrimitiveMemory = direct.Handle;
        reorderPending = false;
    }

    /// <summary>Uses the memory another bridge bound for the same data in the same layout.</summary>
    internal void Share(LayoutBridge other)
    {
        BoundBuffer = other.BoundBuffer;
        PrimitiveMemory = other.PrimitiveMemory;
        reorderPending = false;
    }

    /// <summary>For outputs bound with <see cref="Bind"/>: copies the chosen layout back into the caller buffer.</summary>
    internal void Flush()
    {
        if (reorderPending) Run();
        reorderPending = false;
    }

    private void Run()
    {
        if (reorder is null || chosen is null) return;
        ReadOnlySpan<ExecArg> args = toUser
            ? [new ExecArg(ExecArg.From, chosen.Handle), new ExecArg(ExecArg.To, user.Handle)]
            : [new ExecArg(ExecArg.From, user.Handle), new ExecArg(ExecArg.To, chosen.Handle)];
        reorder.Execute(args);
    }

    public void Dispose()
    {
        reorder?.Dispose();
        chosen?.Dispose();
        direct.Dispose();
        user.Dispose();
    }
}
