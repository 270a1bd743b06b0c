using System.Runtime.InteropServices;

namespace CloudMask.Nn.Native;

/// <summary>dnnl_exec_arg_t: {int arg; dnnl_memory_t memory;} = 16 bytes on x86_64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExecArg
{
    internal int Arg;
    internal IntPtr Memory;

    internal ExecArg(int arg, IntPtr memory) { Arg = arg; Memory = memory; }

    internal const int Src = 1;
    internal const int Dst = 17;
    internal const int Weights = 33;
    internal const int Bias = 41;
    internal const int DiffSrc = 129;
    internal const int DiffDst = 145;
    internal const int DiffWeights = 161;
    internal const int DiffBias = 169;
    internal const int From = 1;
    internal const int To = 17;
}
