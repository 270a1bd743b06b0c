using System.Collections.Concurrent;
using CloudMask.Masking.Models;
using CloudMask.Masking.Output;

namespace CloudMask.Server;

/// <summary>
/// Loaded models kept between jobs (loading a network takes longer than masking a small input).
/// A model is used by one job at a time: jobs rent one and give it back.
/// </summary>
public sealed class ModelPool
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(ISegmentationModel, ModelInfo)>> _idle = new(StringComparer.Ordinal);

    public Lease Rent(string name)
    {
        var bag = _idle.GetOrAdd(name, _ => []);
        var (model, info) = bag.TryTake(out var idle) ? idle : ModelCatalog.Load(name);
        return new Lease(model, info, () => bag.Add((model, info)));
    }

    public sealed class Lease(ISegmentationModel model, ModelInfo info, Action giveBack) : IDisposable
    {
        public ISegmentationModel Model => model;
        public ModelInfo Info => info;
        public void Dispose() => giveBack();
    }
}
