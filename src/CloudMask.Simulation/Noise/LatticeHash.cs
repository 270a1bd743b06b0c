using System.Runtime.CompilerServices;

namespace CloudMask.Simulation.Noise;

/// <summary>
/// Stateless integer hashing of lattice points. Every random quantity of a scene is a pure
/// function of (seed, position), so any window, strip or tile of a scene can be rendered on
/// its own and still match its neighbours exactly: that is what keeps full-size products in
/// bounded memory and makes rendering embarrassingly parallel.
/// </summary>
internal static class LatticeHash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(uint seed, int x, int y)
    {
        // A few rounds of multiply-xorshift (a 2D variant of the "lowbias32" mixer).
        uint h = seed ^ ((uint)x * 0x27D4EB2Du) ^ ((uint)y * 0x165667B1u);
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return h;
    }

    /// <summary>Uniform value in [0, 1) for a lattice point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Unit(uint seed, int x, int y) => (Hash(seed, x, y) >> 8) * (1f / 16777216f);

    /// <summary>Derives an independent seed for a named sub-stream (one per field of a scene).</summary>
    public static uint Derive(uint seed, uint stream)
    {
        uint h = seed * 0x9E3779B1u + stream * 0x85EBCA77u + 0x632BE5ABu;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        return h;
    }
}
