using BenchmarkDotNet.Attributes;
using CloudMask.Masking.Inference;

namespace CloudMask.Benchmarks;

/// <summary>
/// The lone-shadow check on a full Sentinel-2 tile's mask (10980 px): the worst case, where the
/// reach is smaller than the tile and the separable window sums run over every row.
/// </summary>
[MemoryDiagnoser]
public class LoneShadowBenchmarks
{
    private const int Size = 10980;
    private byte[] _pattern = null!;
    private byte[] _mask = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Clear with 1 % cloud blocks and 5 % shadow blocks in a 100 px checker of classes.
        _pattern = new byte[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var cell = (y / 100) * 113 + (x / 100);
                _pattern[(long)y * Size + x] = (byte)((cell % 100) switch { 0 => 4, < 6 => 2, _ => 1 });
            }
        _mask = new byte[_pattern.Length];
    }

    [IterationSetup]
    public void Reset() => Array.Copy(_pattern, _mask, _pattern.Length);

    [Benchmark]
    public long Reach2000Pixels() => LoneShadowFilter.Apply(_mask, Size, Size, 2000);

    [Benchmark]
    public long Reach200Pixels() => LoneShadowFilter.Apply(_mask, Size, Size, 200);
}
