using CloudMask.Sentinel2.Layout;
using CloudMask.Sentinel2.Reading;
using CloudMask.TestSupport;
using Xunit.Abstractions;

namespace CloudMask.Sentinel2.Tests;

/// <summary>
/// Benchmarks, run only on request (they take minutes):
/// CLOUDMASK_S2_WRITE_PRODUCT=DIR writes a full-size 10980 px synthetic L1C product (baseline 04.00) into DIR;
/// CLOUDMASK_S2_BENCH_PRODUCT=PATH times strip reading of all bands to 10 m against GDAL's decode of the same files.
/// </summary>
public class BenchmarkTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Writes_a_full_size_product_when_asked()
    {
        var dir = Environment.GetEnvironmentVariable("CLOUDMASK_S2_WRITE_PRODUCT")
                  ?? throw new SkipException("set CLOUDMASK_S2_WRITE_PRODUCT=DIR to write a full-size synthetic L1C product");
        var size = int.TryParse(Environment.GetEnvironmentVariable("CLOUDMASK_S2_PRODUCT_SIZE"), out var s) ? s : 10980;
        Directory.CreateDirectory(dir);
        // Smooth field plus pixel noise: JPEG 2000 then works about as hard as on real scenes.
        var safe = SyntheticProduct.Build(dir, ProductLevel.L1C, "04.00", (band, _, x, y) =>
        {
            var noise = (int)((uint)(x * 73856093 ^ y * 19349663 ^ band.BandId * 83492791) % 97);
            return (ushort)(1500 + (x * 3 + y * 2 + band.BandId * 50) % 1200 + noise);
        }, size10m: size);
        output.WriteLine(safe);
    }

    [SkippableFact]
    public void Benchmarks_strip_reading_when_asked()
    {
        var path = Environment.GetEnvironmentVariable("CLOUDMASK_S2_BENCH_PRODUCT")
                   ?? throw new SkipException("set CLOUDMASK_S2_BENCH_PRODUCT=PATH to benchmark strip reading on a product");
        var resampling = Enum.TryParse<BandResampling>(Environment.GetEnvironmentVariable("CLOUDMASK_S2_BENCH_RESAMPLING"), out var r) ? r : BandResampling.Bilinear;
        int? strip = int.TryParse(Environment.GetEnvironmentVariable("CLOUDMASK_S2_BENCH_STRIP"), out var h) ? h : null;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("CLOUDMASK_S2_BENCH_ROUNDS"), out var n) ? n : 2;
        var phases = Environment.GetEnvironmentVariable("CLOUDMASK_S2_BENCH_PHASES") ?? "decode,read";
        var result = StripReadBenchmark.Run(path, new BandStackOptions { Resampling = resampling, StripHeight = strip }, rounds, phases);
        output.WriteLine(result.ToString());
        if (Environment.GetEnvironmentVariable("CLOUDMASK_S2_BENCH_OUT") is { } file) File.AppendAllText(file, result + Environment.NewLine);
    }
}
