using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Sizes of a pooling over an NCHW tensor: output = floor((in + 2p - k) / s) + 1.</summary>
internal readonly struct PoolWindow
{
    internal PoolWindow(Tensor input, int kernel, int stride, int padding)
    {
        if (input.Rank != 4) throw new ArgumentException($"Pooling expects (N, C, H, W), got {input}.", nameof(input));
        N = input.Dim(0); C = input.Dim(1); InH = input.Dim(2); InW = input.Dim(3);
        OutH = (InH + 2 * padding - kernel) / stride + 1;
        OutW = (InW + 2 * padding - kernel) / stride + 1;
        if (OutH <= 0 || OutW <= 0) throw new ArgumentException($"A {kernel}x{kernel} window does not fit {input}.", nameof(input));
    }

    internal int N { get; }
    internal int C { get; }
    internal int InH { get; }
    internal int InW { get; }
    internal int OutH { get; }
    internal int OutW { get; }
    internal int Planes => N * C;
    internal int InPlane => InH * InW;
    internal int OutPlane => OutH * OutW;
    internal int[] OutputShape => [N, C, OutH, OutW];
}
