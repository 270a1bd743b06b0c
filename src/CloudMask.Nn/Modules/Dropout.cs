using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Training: zeroes each element with probability p and scales the rest by 1/(1-p)
/// (inverted dropout, so eval is the identity). The seeded generator makes runs repeatable.</summary>
public sealed class Dropout : Module
{
    private readonly Random random;
    private Tensor? savedMask;

    public Dropout(float probability = 0.5f, Random? random = null)
    {
        if (probability is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(probability), "Dropout probability must be in [0, 1).");
        Probability = probability;
        this.random = random ?? new Random();
    }

    public float Probability { get; }

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        if (!IsTraining || Probability == 0) return input;
        var mask = Tensor.ZerosLike(input);
        var keep = 1f / (1f - Probability);
        var m = mask.Span;
        for (var i = 0; i < m.Length; i++) m[i] = random.NextSingle() >= Probability ? keep : 0f;
        savedMask = mask;
        return TensorMath.Multiply(input, mask);
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        if (Probability == 0) return gradOutput;
        var mask = Saved(savedMask, nameof(Dropout));
        savedMask = null;
        return TensorMath.Multiply(gradOutput, mask);
    }
}
