using CloudMask.Nn.Kernels;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>What Conv2d and ConvTranspose2d share: parameters, He-normal initialisation (as the
/// KappaMask U-Net), oneDNN plans cached per input shape, mode and thread, explicit backward.</summary>
public abstract class ConvolutionBase : Module
{
    private readonly ThreadLocal<Dictionary<PlanKey, DnnlConvolution>> plans = new(() => new(), trackAllValues: true);
    private Tensor? savedInput;
    private ConvGeometry savedGeometry;

    private protected ConvolutionBase(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
        bool bias, bool transposed, Random? random)
    {
        InChannels = inChannels; OutChannels = outChannels; KernelSize = kernelSize; Stride = stride;
        Padding = padding; Dilation = dilation; Groups = groups; Transposed = transposed;
        var fits = 1 + Math.Max(0, dilation) * Math.Max(0, kernelSize - 1);
        Template(1, fits, fits).Validate();
        random ??= new Random();
        var fanIn = (transposed ? outChannels : inChannels) / groups * kernelSize * kernelSize;
        var weightShape = Template(1, fits, fits).WeightShape;
        Weight = RegisterParameter("weight", new Parameter(Tensor.RandomNormal(random, MathF.Sqrt(2f / fanIn), weightShape)));
        if (bias) Bias = RegisterParameter("bias", new Parameter(new Tensor(outChannels)));
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public int Groups { get; }
    public bool Transposed { get; }
    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    internal override bool ConsumesBlockedTensors => true;

    public ConvGeometry GeometryFor(Tensor input) => GeometryFor(input.Shape);

    public ConvGeometry GeometryFor(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length != 4 || inputShape[1] != InChannels)
            throw new ArgumentException($"{GetType().Name} expects (N, {InChannels}, H, W), got {Tensor.FormatShape(inputShape)}.", nameof(inputShape));
        return Template(inputShape[0], inputShape[2], inputShape[3]);
    }

    private ConvGeometry Template(int batch, int height, int width) => new(batch, InChannels, height, width, OutChannels,
        KernelSize, KernelSize, Stride, Stride, Padding, Padding, Dilation, Dilation, Groups, Transposed);

    public override Tensor Forward(Tensor input)
    {
        var g = GeometryFor(input);
        if (IsTraining)
        {
            savedInput = input;
            savedGeometry = g;
            return Plan(g, training: true, fuseRelu: false).Forward(input, Weight.Data, Bias?.Data, blockedOutput: BlockedOutputAllowed);
        }
        return Plan(g, training: false, fuseRelu: false).Forward(input, Weight.Data, Bias?.Data, weightsVersion: Weight.Version);
    }

    /// <summary>Inference with a following ReLU fused in (one pass over the output instead of two)
    /// and optionally with folded weights (batch norm folded in by the caller).</summary>
    internal Tensor ForwardInference(Tensor input, bool fuseRelu, Tensor? foldedWeight = null, Tensor? foldedBias = null)
    {
        var g = GeometryFor(input);
        var hasBias = Bias is not null || foldedBias is not null;
        var plan = Plan(g, training: false, fuseRelu, hasBias);
        return foldedWeight is null
            ? plan.Forward(input, Weight.Data, Bias?.Data, weightsVersion: Weight.Version)
            : plan.Forward(input, foldedWeight, foldedBias ?? Bias?.Data);
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var input = Saved(savedInput, GetType().Name);
        var plan = Plan(savedGeometry, training: true, fuseRelu: false);
        // Data first: backward-weights then reuses its reordered copy of the output gradient.
        var dx = plan.BackwardData(gradOutput, Weight.Data, blockedOutput: BlockedGradientAllowed);
        if (Weight.RequiresGrad || Bias is { RequiresGrad: true })
        {
            var (dw, db) = plan.BackwardWeights(input, gradOutput);
            Weight.AccumulateGrad(dw);
            dw.Dispose();
            if (db is not null) { Bias!.AccumulateGrad(db); db.Dispose(); }
        }
        savedInput = null;
        return dx;
    }

    private DnnlConvolution Plan(ConvGeometry g, bool training, bool fuseRelu, bool? hasBias = null)
    {
        var biased = hasBias ?? Bias is not null;
        var key = new PlanKey(g, training, fuseRelu, biased);
        var cache = plans.Value!;
        if (!cache.TryGetValue(key, out var plan))
        {
            plan = new DnnlConvolution(g, biased, training, fuseRelu);
            cache.Add(key, plan);
        }
        return plan;
    }

    protected override void DisposeResources()
    {
        foreach (var cache in plans.Values)
        foreach (var plan in cache.Values)
            plan.Dispose();
        plans.Dispose();
    }

    private readonly record struct PlanKey(ConvGeometry Geometry, bool Training, bool FuseRelu, bool HasBias);
}
