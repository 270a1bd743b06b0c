using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>A network layer or a composition of layers, with PyTorch's vocabulary: named
/// parameters, buffers and submodules, a state dict, train/eval modes.
///
/// Differentiation is explicit per module, not a tape: <see cref="Forward"/> in training mode keeps
/// what its own <see cref="Backward"/> needs (the convolution's input, the pooling argmax, the batch
/// statistics), and Backward takes dLoss/dOutput, adds parameter gradients into
/// <see cref="Parameter.Grad"/> and returns dLoss/dInput. The networks this engine trains are static
/// graphs built from Sequential, residual and skip-concatenation blocks, whose backward order is the
/// reverse of the forward order by construction; a tape would add per-op bookkeeping and make the
/// lifetime of saved activations harder to see. The price: a module instance may be applied only
/// once per forward pass, and Backward must follow the Forward it differentiates.
///
/// In eval mode Forward keeps nothing, so one model can serve several threads (each thread gets its
/// own oneDNN plans).</summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Parameter Value)> parameters = [];
    private readonly List<(string Name, Tensor Value)> buffers = [];
    private readonly List<(string Name, Module Value)> children = [];
    private bool disposed;

    public bool IsTraining { get; private set; } = true;

    /// <summary>Set by a containing <see cref="Sequential"/> when the next layer consumes oneDNN's
    /// blocked layout directly: this module may then return a blocked output. Every module accepts
    /// blocked inputs and gradients (those that cannot use them call ToPlain).</summary>
    internal bool BlockedOutputAllowed
    {
        get => blockedOutputAllowed && !blockedLayoutsDisabled;
        set { blockedOutputAllowed = value; OnBlockedFlagsChanged(); }
    }

    /// <summary>Set by a containing Sequential when the previous layer consumes blocked gradients.</summary>
    internal bool BlockedGradientAllowed
    {
        get => blockedGradientAllowed && !blockedLayoutsDisabled;
        set { blockedGradientAllowed = value; OnBlockedFlagsChanged(); }
    }

    private bool blockedOutputAllowed, blockedGradientAllowed, blockedLayoutsDisabled;

    /// <summary>Composites pass their own flags on to the children at their ends.</summary>
    private protected virtual void OnBlockedFlagsChanged() { }

    /// <summary>Plain tensors everywhere in this subtree: the reference the blocked path is tested against.</summary>
    internal void DisableBlockedLayouts()
    {
        blockedLayoutsDisabled = true;
        foreach (var (_, child) in children) child.DisableBlockedLayouts();
    }

    /// <summary>True for layers that work on oneDNN's blocked layout without converting it.</summary>
    internal virtual bool ConsumesBlockedTensors => false;

    /// <summary>Computes the output. In training mode it also saves what Backward needs.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Given dLoss/dOutput of the last training Forward, accumulates parameter gradients and
    /// returns dLoss/dInput.</summary>
    public abstract Tensor Backward(Tensor gradOutput);

    public Module Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in children) child.Train(training);
        return this;
    }

    public Module Eval() => Train(false);

    protected Parameter RegisterParameter(string name, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckNewName(name);
        parameters.Add((name, parameter));
        return parameter;
    }

    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckNewName(name);
        buffers.Add((name, buffer));
        return buffer;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckNewName(name);
        if (ReferenceEquals(module, this)) throw new ArgumentException("A module cannot contain itself.", nameof(module));
        children.Add((name, module));
        return module;
    }

    public IReadOnlyList<(string Name, Module Module)> NamedChildren() => children.Select(c => (c.Name, c.Value)).ToList();

    /// <summary>This module and all modules inside it, depth first (PyTorch's modules()).</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in children)
            foreach (var m in child.Modules()) yield return m;
    }

    /// <summary>All parameters with dotted paths ("encoder.0.weight"), depth first, in registration order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in parameters) yield return (prefix + name, p);
        foreach (var (name, child) in children)
        foreach (var item in child.NamedParameters(prefix + name + "."))
            yield return item;
    }

    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, b) in buffers) yield return (prefix + name, b);
        foreach (var (name, child) in children)
        foreach (var item in child.NamedBuffers(prefix + name + "."))
            yield return item;
    }

    public long ParameterCount() => Parameters().Sum(p => p.Data.Length);

    /// <summary>Parameters and buffers by dotted name. The tensors are the module's own, not copies.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters()) state.Add(name, p.Data);
        foreach (var (name, b) in NamedBuffers()) state.Add(name, b);
        return state;
    }

    /// <summary>Copies matching tensors into the module. With <paramref name="strict"/> any missing or
    /// unexpected key throws before anything is copied; otherwise the lists are returned. A shape
    /// mismatch always throws.</summary>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new InvalidOperationException(
                $"State dict does not match the module. Missing: [{string.Join(", ", missing)}]. Unexpected: [{string.Join(", ", unexpected)}].");
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (!target.SameShape(source))
                throw new InvalidOperationException($"'{name}' has shape {source} in the state dict but {target} in the module.");
        }
        foreach (var (name, target) in own)
            if (state.TryGetValue(name, out var source)) target.CopyFrom(source);
        foreach (var (_, p) in NamedParameters()) p.MarkChanged();
        return new LoadStateDictResult(missing, unexpected);
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A name must not be empty.", nameof(name));
        if (name.Contains('.')) throw new ArgumentException($"'{name}': names must not contain '.' (it separates path levels).", nameof(name));
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}.", nameof(name));
    }

    /// <summary>Throws when Backward is called without a training Forward before it.</summary>
    protected static T Saved<T>(T? value, string module) where T : class =>
        value ?? throw new InvalidOperationException($"{module}.Backward needs a Forward in training mode first.");

    protected virtual void DisposeResources() { }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        DisposeResources();
        foreach (var (_, child) in children) child.Dispose();
        foreach (var (_, p) in parameters) p.Dispose();
        foreach (var (_, b) in buffers) b.Dispose();
        GC.SuppressFinalize(this);
    }
}
