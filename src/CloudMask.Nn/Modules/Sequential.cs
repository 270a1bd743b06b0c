using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Applies its children in order; backward runs them in reverse. Children are named
/// "0", "1", ... unless added with a name. In eval mode it fuses what inference allows: a
/// convolution followed by BatchNorm2d has the normalisation folded into its weights, and a ReLU
/// after them becomes a oneDNN post-op, so neither costs a pass over the activations; and
/// intermediate tensors are freed as soon as the next layer has consumed them. In training,
/// convolutions and ReLUs inside pass oneDNN's blocked tensors to each other (no reorders between
/// them, nor through pooling, nearest upsampling and skip concatenation); what leaves the
/// outermost Sequential is plain.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> layers = [];

    public Sequential(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    public IReadOnlyList<Module> Layers => layers;

    public Sequential Add(Module module) => Add(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

    public Sequential Add(string name, Module module)
    {
        layers.Add(RegisterModule(name, module));
        // Blocked tensors flow only between neighbours that both use them; elsewhere a reorder
        // would only move to another layer. The ends inherit this Sequential's own permissions.
        if (layers.Count >= 2)
        {
            var previous = layers[^2];
            previous.BlockedOutputAllowed = module.ConsumesBlockedTensors;
            module.BlockedGradientAllowed = previous.ConsumesBlockedTensors;
        }
        else
        {
            module.BlockedGradientAllowed = BlockedGradientAllowed;
        }
        module.BlockedOutputAllowed = BlockedOutputAllowed;
        return this;
    }

    /// <summary>Its first layer converts whatever it cannot use.</summary>
    internal override bool ConsumesBlockedTensors => true;

    private protected override void OnBlockedFlagsChanged()
    {
        if (layers.Count == 0) return;
        layers[^1].BlockedOutputAllowed = BlockedOutputAllowed;
        layers[0].BlockedGradientAllowed = BlockedGradientAllowed;
    }

    public override Tensor Forward(Tensor input)
    {
        if (!IsTraining) return ForwardInference(input);
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return BlockedOutputAllowed ? x : x.ToPlain();
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var g = gradOutput;
        for (var i = layers.Count - 1; i >= 0; i--) g = layers[i].Backward(g);
        return BlockedGradientAllowed ? g : g.ToPlain();
    }

    private Tensor ForwardInference(Tensor input)
    {
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            Tensor y;
            if (layers[i] is ConvolutionBase conv)
            {
                var bn = i + 1 < layers.Count ? layers[i + 1] as BatchNorm2d : null;
                var reluAt = i + (bn is null ? 1 : 2);
                var relu = reluAt < layers.Count && layers[reluAt] is ReLU;
                if (bn is null)
                {
                    y = conv.ForwardInference(x, relu);
                }
                else
                {
                    var (w, b) = bn.FoldInto(conv);
                    y = conv.ForwardInference(x, relu, w, b);
                    w.Dispose(); b.Dispose();
                    i++;
                }
                if (relu) i++;
            }
            else
            {
                y = layers[i].Forward(x);
            }
            // Free what this Sequential made and no longer needs; never the caller's input, and
            // never a tensor a layer passed through unchanged or as a view (Identity, eval Dropout, Flatten).
            if (!x.SharesStorageWith(input) && !x.SharesStorageWith(y)) x.Dispose();
            x = y;
        }
        return x;
    }
}
