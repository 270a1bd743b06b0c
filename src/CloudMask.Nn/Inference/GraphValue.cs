using CloudMask.Nn.Native;

namespace CloudMask.Nn.Inference;

/// <summary>An activation inside a compiled inference plan: a oneDNN memory in whatever layout
/// the producing primitive chose, and its logical dims (N, C, H, W).</summary>
internal sealed record GraphValue(DnnlMemory Memory, long[] Dims)
{
    internal MemoryDesc Desc => Memory.Desc;
    internal int[] Shape => Dims.Select(d => (int)d).ToArray();
}
