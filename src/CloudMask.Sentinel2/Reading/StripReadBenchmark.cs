using System.Diagnostics;
using System.Globalization;
using CloudMask.Raster;

namespace CloudMask.Sentinel2.Reading;

/// <summary>Timings of one <see cref="StripReadBenchmark"/> run.</summary>
/// <param name="GdalDecodeSeconds">GDAL alone decoding every band file once at its native resolution (the I/O floor).</param>
/// <param name="StripReadSeconds">The band stack reader producing every strip of the stack.</param>
/// <param name="PeakWorkingSetBytes">Peak resident memory of the process after the strip read.</param>
public sealed record StripReadBenchmarkResult(
    string Product, int Bands, int Width, int Height, int ResolutionM, int StripHeight, BandResampling Resampling,
    double GdalDecodeSeconds, double StripReadSeconds, long PeakWorkingSetBytes, long LargestStripBytes)
{
    /// <summary>Strip read time over GDAL decode time (the issue asks for at most 1.3).</summary>
    public double Ratio => StripReadSeconds / GdalDecodeSeconds;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0}: {1} bands to {2} m ({3}x{4}, strips of {5} rows, {6}): GDAL decode {7:0.0} s, strip read {8:0.0} s, ratio {9:0.00}; peak working set {10:0} MB, one strip {11:0} MB",
        Product, Bands, ResolutionM, Width, Height, StripHeight, Resampling, GdalDecodeSeconds, StripReadSeconds, Ratio,
        PeakWorkingSetBytes / 1048576.0, LargestStripBytes / 1048576.0);
}

/// <summary>
/// Measures the band stack reader against GDAL decoding the same JPEG 2000 files: the files are first
/// decoded by GDAL alone (tile rows into one reused buffer, as gdal_translate to a null sink would),
/// then read as strips. Both use GDAL_NUM_THREADS=ALL_CPUS. Run it on a full-size product.
/// </summary>
public static class StripReadBenchmark
{
    /// <param name="rounds">GDAL decode and strip read alternate this many times; the best time of each
    /// counts, because a shared machine makes single timings noisy.</param>
    /// <param name="phases">"decode", "read" or both (default): one phase alone shows its own peak memory.</param>
    public static StripReadBenchmarkResult Run(string productPath, BandStackOptions? options = null, int rounds = 2, string phases = "decode,read")
    {
        var decodePhase = phases.Contains("decode", StringComparison.OrdinalIgnoreCase);
        var readPhase = phases.Contains("read", StringComparison.OrdinalIgnoreCase);
        options ??= new BandStackOptions();
        using var product = Sentinel2Product.Open(productPath);
        var bands = options.Bands ?? product.Bands;
        var files = bands.Select(b => product.BandFile(b, options.ResolutionM)).Distinct().ToList();

        double bestDecode = double.MaxValue, bestRead = double.MaxValue;
        long largest = 0;
        int width = 0, height = 0, stripHeight = 0;
        for (var round = 0; round < Math.Max(1, rounds); round++)
        {
            if (decodePhase)
            {
                var decode = Stopwatch.StartNew();
                using (GdalConfig.Scope("GDAL_NUM_THREADS", "ALL_CPUS"))
                {
                    foreach (var file in files) DecodeWholeFile(product.GdalPath(file.RelativePath));
                }
                bestDecode = Math.Min(bestDecode, decode.Elapsed.TotalSeconds);
            }
            if (!readPhase) continue;

            var read = Stopwatch.StartNew();
            using (var stack = product.OpenBandStack(options))
            {
                double checksum = 0;
                foreach (var strip in stack.ReadStrips(reuseBuffers: true))
                {
                    largest = Math.Max(largest, stack.StripBytes(strip.Rows));
                    checksum += strip.Reflectance[0][strip.Reflectance[0].Length / 2]; // keep the work observable
                }
                GC.KeepAlive(checksum);
                (width, height, stripHeight) = (stack.Width, stack.Height, stack.StripHeight);
            }
            bestRead = Math.Min(bestRead, read.Elapsed.TotalSeconds);
        }

        if (!decodePhase) bestDecode = double.NaN;
        if (!readPhase) bestRead = double.NaN;
        using var process = Process.GetCurrentProcess();
        return new StripReadBenchmarkResult(productPath, bands.Count, width, height, options.ResolutionM,
            stripHeight, options.Resampling, bestDecode, bestRead, process.PeakWorkingSet64, largest);
    }

    /// <summary>Decodes every tile of a single-band file once (block-row windows, one reused buffer).</summary>
    private static void DecodeWholeFile(string gdalPath)
    {
        using var dataset = RasterDataset.Open(gdalPath);
        var band = dataset.Band(1);
        var rows = Math.Max(1, band.BlockHeight);
        var buffer = new ushort[(long)dataset.Width * rows];
        for (var y = 0; y < dataset.Height; y += rows)
        {
            var h = Math.Min(rows, dataset.Height - y);
            band.Read<ushort>(new Window(0, y, dataset.Width, h), buffer, dataset.Width, h);
        }
    }
}
