using CloudMask.Nn.Native;

namespace CloudMask.Nn.Tensors;

/// <summary>A dense float32 tensor in row-major order (NCHW for images, OIHW for convolution
/// weights) over native memory. Views (<see cref="Reshape"/>, <see cref="SliceBatch"/>) share the
/// storage of the tensor they came from; disposing the owner frees it and invalidates its views,
/// disposing a view does nothing.
///
/// Inside a <see cref="Modules.Sequential"/> in training, activations and gradients may travel
/// between layers in a blocked layout that oneDNN chose (e.g. nChw16c), so that consecutive
/// convolutions need no reorders. Such a tensor refuses <see cref="Span"/>; <see cref="ToPlain"/>
/// gives the NCHW copy. Tensors a module hands back to callers outside a Sequential are plain.</summary>
public sealed unsafe class Tensor : IDisposable
{
    private readonly TensorStorage storage;
    private readonly long offset;
    private readonly int[] shape;
    private readonly bool ownsStorage;
    private readonly MemoryDesc? layout;

    private Tensor(TensorStorage storage, long offset, int[] shape, bool ownsStorage, MemoryDesc? layout = null)
    {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.ownsStorage = ownsStorage;
        this.layout = layout;
        Length = ElementCount(shape);
        PhysicalLength = layout is { } l ? l.ByteSize / sizeof(float) : Length;
    }

    /// <summary>Allocates a zero-filled tensor.</summary>
    public Tensor(params int[] shape) : this(new TensorStorage(ElementCount(shape)), 0, (int[])shape.Clone(), true) { }

    public ReadOnlySpan<int> Shape => shape;
    public int Rank => shape.Length;
    public long Length { get; }
    public int Dim(int axis) => shape[axis < 0 ? shape.Length + axis : axis];

    /// <summary>The elements in row-major order; valid until the owning tensor is disposed.</summary>
    public Span<float> Span => layout is null
        ? RawSpan
        : throw new InvalidOperationException($"{this} is in a oneDNN blocked layout; call ToPlain() first.");

    /// <summary>The stored floats whatever the layout (padding included), for element-wise kernels.</summary>
    internal Span<float> RawSpan => new(storage.Pointer + offset, checked((int)PhysicalLength));

    internal long PhysicalLength { get; }

    /// <summary>The oneDNN layout of a blocked tensor; null for plain row-major.</summary>
    internal MemoryDesc? BlockedLayout => layout;

    public bool IsBlocked => layout is not null;

    /// <summary>Address of the first element, for native kernels. Keep the tensor alive while used.</summary>
    internal IntPtr Pointer => (IntPtr)(storage.Pointer + offset);

    public bool IsDisposed => storage.IsClosed;

    /// <summary>True when both are the same tensor or views of one buffer.</summary>
    public bool SharesStorageWith(Tensor other) => ReferenceEquals(storage, other.storage);

    public static Tensor Zeros(params int[] shape) => new(shape);

    /// <summary>A zero-filled tensor in a oneDNN layout (zeros keep channel padding neutral).</summary>
    internal static Tensor InLayout(int[] shape, MemoryDesc blockedLayout, bool clear = true) =>
        new(new TensorStorage(blockedLayout.ByteSize / sizeof(float), clear), 0, (int[])shape.Clone(), true, blockedLayout);

    /// <summary>An uninitialised tensor of the same shape and layout (for element-wise outputs).</summary>
    internal static Tensor EmptyLike(Tensor other) => other.layout is { } l
        ? new(new TensorStorage(other.PhysicalLength, clear: false), 0, (int[])other.shape.Clone(), true, l)
        : Uninitialized(other.shape);

    /// <summary>This tensor in plain row-major layout: itself, or a reordered copy of a blocked one.</summary>
    public Tensor ToPlain()
    {
        if (layout is not { } from) return this;
        var plain = Uninitialized(shape);
        TensorReorder.Run(this, from, plain, TensorReorder.PlainLayout(shape));
        return plain;
    }

    /// <summary>This tensor in the layout of <paramref name="reference"/> (same shape): itself when
    /// it already is, else a reordered copy.</summary>
    internal Tensor ToLayoutOf(Tensor reference)
    {
        if (!SameShape(reference)) throw new ArgumentException($"Shapes differ: {this} and {reference}.");
        return ToLayout(reference.layout);
    }

    /// <summary>This tensor in the given layout (null: plain): itself when it already is, else a reordered copy.</summary>
    internal Tensor ToLayout(MemoryDesc? targetLayout)
    {
        if (targetLayout is not { } target) return ToPlain();
        var source = layout ?? TensorReorder.PlainLayout(shape);
        if (source.SameLayout(target)) return this;
        var converted = InLayout(shape, target);
        TensorReorder.Run(this, source, converted, target);
        return converted;
    }

    /// <summary>A tensor whose contents are undefined: for outputs that a kernel overwrites entirely.</summary>
    internal static Tensor Uninitialized(params int[] shape) => new(new TensorStorage(ElementCount(shape), clear: false), 0, (int[])shape.Clone(), true);

    public static Tensor ZerosLike(Tensor other) => new(other.shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(shape);
        t.Span.Fill(value);
        return t;
    }

    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        var t = new Tensor(shape);
        if (data.Length != t.Length) throw new ArgumentException($"{data.Length} values do not fill shape {FormatShape(shape)}.", nameof(data));
        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>Normal(0, std) values from a seeded generator (Box-Muller), for initialisation and tests.</summary>
    public static Tensor RandomNormal(Random random, float std, params int[] shape)
    {
        var t = new Tensor(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            s[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return t;
    }

    public static Tensor RandomUniform(Random random, float low, float high, params int[] shape)
    {
        var t = new Tensor(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++) s[i] = low + (float)random.NextDouble() * (high - low);
        return t;
    }

    /// <summary>A view with another shape of the same element count.</summary>
    public Tensor Reshape(params int[] newShape)
    {
        if (IsBlocked) return ToPlain().Reshape(newShape);
        if (ElementCount(newShape) != Length)
            throw new ArgumentException($"Cannot view {FormatShape(shape)} as {FormatShape(newShape)}.", nameof(newShape));
        return new Tensor(storage, offset, (int[])newShape.Clone(), false);
    }

    /// <summary>A view of batch items [start, start+count) along the first axis (contiguous, so free).</summary>
    public Tensor SliceBatch(int start, int count)
    {
        if (IsBlocked) throw new InvalidOperationException($"{this} is blocked; call ToPlain() first.");
        if (start < 0 || count < 0 || start + count > shape[0]) throw new ArgumentOutOfRangeException(nameof(start));
        var newShape = (int[])shape.Clone();
        newShape[0] = count;
        return new Tensor(storage, offset + start * (Length / Math.Max(1, shape[0])), newShape, false);
    }

    public Tensor Clone()
    {
        var t = EmptyLike(this);
        RawSpan.CopyTo(t.RawSpan);
        return t;
    }

    public float[] ToArray() => ToPlain().Span.ToArray();

    public void CopyFrom(Tensor source)
    {
        if (!SameShape(source)) throw new ArgumentException($"Shape {FormatShape(source.shape)} differs from {FormatShape(shape)}.", nameof(source));
        source.Span.CopyTo(Span);
    }

    public bool SameShape(Tensor other) => shape.AsSpan().SequenceEqual(other.shape);

    public override string ToString() => $"Tensor{FormatShape(shape)}{(IsBlocked ? " (blocked)" : "")}";

    public void Dispose()
    {
        if (ownsStorage) storage.Dispose();
    }

    internal static string FormatShape(ReadOnlySpan<int> s) => "[" + string.Join(", ", s.ToArray()) + "]";

    private static long ElementCount(int[] s)
    {
        ArgumentNullException.ThrowIfNull(s);
        long n = 1;
        foreach (var d in s)
        {
            if (d < 0) throw new ArgumentOutOfRangeException(nameof(shape), $"Negative dimension in {FormatShape(s)}.");
            n *= d;
        }
        return n;
    }
}
