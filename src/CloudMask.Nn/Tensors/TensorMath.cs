using System.Numerics.Tensors;

namespace CloudMask.Nn.Tensors;

/// <summary>Element-wise arithmetic on whole tensors through TensorPrimitives (vectorised).
/// Shapes must match exactly; there is no broadcasting.</summary>
public static class TensorMath
{
    public static Tensor Add(Tensor a, Tensor b)
    {
        RequireSameShape(a, b);
        var r = Tensor.Uninitialized(a.Shape.ToArray());
        TensorPrimitives.Add(a.Span, b.Span, r.Span);
        return r;
    }

    /// <summary>target += source.</summary>
    public static void AddInPlace(Tensor target, Tensor source)
    {
        RequireSameShape(target, source);
        TensorPrimitives.Add(target.Span, source.Span, target.Span);
    }

    public static Tensor Multiply(Tensor a, Tensor b)
    {
        RequireSameShape(a, b);
        var r = Tensor.Uninitialized(a.Shape.ToArray());
        TensorPrimitives.Multiply(a.Span, b.Span, r.Span);
        return r;
    }

    public static void ScaleInPlace(Tensor target, float factor) => TensorPrimitives.Multiply(target.Span, factor, target.Span);

    public static float Sum(Tensor t) => TensorPrimitives.Sum<float>(t.Span);

    public static float SumOfSquares(Tensor t) => TensorPrimitives.SumOfSquares<float>(t.Span);

    /// <summary>Largest |a-b| / max(1e-6, max|b|): the relative error used to compare kernels.</summary>
    public static float MaxRelativeError(Tensor actual, Tensor expected)
    {
        RequireSameShape(actual, expected);
        var scale = Math.Max(1e-6f, Math.Abs(TensorPrimitives.MaxMagnitude<float>(expected.Span)));
        var worst = 0f;
        var a = actual.Span;
        var e = expected.Span;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - e[i]));
        return worst / scale;
    }

    internal static void RequireSameShape(Tensor a, Tensor b)
    {
        if (!a.SameShape(b)) throw new ArgumentException($"Shapes differ: {a} and {b}.");
    }
}
