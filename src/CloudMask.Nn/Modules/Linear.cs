using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>y = x W^T + b for x of shape (N, in), as torch.nn.Linear: weight (out, in), bias (out).
/// Managed loops parallel over the batch: heads of segmentation nets are small.</summary>
public sealed class Linear : Module
{
    private Tensor? savedInput;

    public Linear(int inFeatures, int outFeatures, bool bias = true, Random? random = null)
    {
        if (inFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inFeatures));
        if (outFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(outFeatures));
        InFeatures = inFeatures; OutFeatures = outFeatures;
        random ??= new Random();
        var bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", new Parameter(Tensor.RandomUniform(random, -bound, bound, outFeatures, inFeatures)));
        if (bias) Bias = RegisterParameter("bias", new Parameter(Tensor.RandomUniform(random, -bound, bound, outFeatures)));
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        if (input.Rank != 2 || input.Dim(1) != InFeatures) throw new ArgumentException($"Linear expects (N, {InFeatures}), got {input}.", nameof(input));
        var n = input.Dim(0);
        var output = new Tensor(n, OutFeatures);
        var x = input; var y = output;
        Parallel.For(0, n, b =>
        {
            var row = x.Span.Slice(b * InFeatures, InFeatures);
            for (var o = 0; o < OutFeatures; o++)
                y.Span[b * OutFeatures + o] = System.Numerics.Tensors.TensorPrimitives.Dot(row, Weight.Data.Span.Slice(o * InFeatures, InFeatures))
                    + (Bias?.Data.Span[o] ?? 0f);
        });
        if (IsTraining) savedInput = input;
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        var x = Saved(savedInput, nameof(Linear));
        var n = x.Dim(0);
        var dx = new Tensor(n, InFeatures);
        var dw = new Tensor(OutFeatures, InFeatures);
        var db = new Tensor(OutFeatures);
        var xs = x.Span; var dy = gradOutput.Span; var ws = Weight.Data.Span;
        for (var b = 0; b < n; b++)
        for (var o = 0; o < OutFeatures; o++)
        {
            var g = dy[b * OutFeatures + o];
            db.Span[o] += g;
            for (var i = 0; i < InFeatures; i++)
            {
                dx.Span[b * InFeatures + i] += g * ws[o * InFeatures + i];
                dw.Span[o * InFeatures + i] += g * xs[b * InFeatures + i];
            }
        }
        Weight.AccumulateGrad(dw);
        Bias?.AccumulateGrad(db);
        dw.Dispose(); db.Dispose();
        savedInput = null;
        return dx;
    }
}
