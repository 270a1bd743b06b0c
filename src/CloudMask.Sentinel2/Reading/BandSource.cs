using CloudMask.Raster;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Reading;

/// <summary>
/// One band file held open for strip reads: turns a strip of the stack's grid into a native-resolution
/// window (whole native pixels, plus a margin so resampling kernels see real neighbours) and back.
/// </summary>
internal sealed class BandSource : IDisposable
{
    /// <summary>Native pixels read beyond the strip on each side when GDAL resamples (Lanczos needs 3).</summary>
    private const int GdalMargin = 4;

    private readonly string _displayPath;
    private readonly float _offset;
    private readonly float _scale;
    private readonly int _noDataDn;
    private readonly int _saturatedDn;

    /// <summary>Native column nearest to each stack column (set by <see cref="CheckGrid"/>).</summary>
    private int[]? _nearestColumn;

    private BandSource(MsiBand band, ProductFile file, RasterDataset dataset, string displayPath, double offset, double quantification, int noData, int saturated)
    {
        Band = band;
        File = file;
        Dataset = dataset;
        _displayPath = displayPath;
        _offset = (float)offset;
        _scale = (float)(1.0 / quantification);
        _noDataDn = noData;
        _saturatedDn = saturated;
    }

    public MsiBand Band { get; }
    public ProductFile File { get; }
    public RasterDataset Dataset { get; }
    public int Width => Dataset.Width;
    public int Height => Dataset.Height;

    /// <summary>Source pixels per stack pixel (1/6 for a 60 m band in a 10 m stack).</summary>
    public double Ratio { get; private set; } = 1;

    public static BandSource Open(Sentinel2Product product, MsiBand band, ProductFile file)
    {
        var display = product.DisplayPath(file.RelativePath);
        var dataset = product.OpenImage(file, $"band {band.Name}");
        if (dataset.BandCount < 1)
        {
            dataset.Dispose();
            throw new ProductException(ProductProblem.CorruptImage, display, $"band {band.Name} file has no raster band");
        }
        var m = product.Metadata;
        return new BandSource(band, file, dataset, display, m.AddOffset(band), m.QuantificationValue, m.NoDataValue, m.SaturatedValue);
    }

    /// <summary>Checks that this file's grid maps onto the stack's grid by a whole ratio.</summary>
    public void CheckGrid(int stackWidth, int stackHeight, int stackResolution)
    {
        Ratio = (double)stackResolution / File.ResolutionM;
        var expectedWidth = stackWidth * Ratio;
        var expectedHeight = stackHeight * Ratio;
        var whole = Ratio >= 1 ? Math.Abs(Ratio - Math.Round(Ratio)) < 1e-9 : Math.Abs(1 / Ratio - Math.Round(1 / Ratio)) < 1e-9;
        if (!whole || Math.Abs(expectedWidth - Width) > 1e-6 || Math.Abs(expectedHeight - Height) > 1e-6)
            throw new ProductException(ProductProblem.InvalidMetadata, _displayPath,
                $"band {Band.Name} is {Width}x{Height} at {File.ResolutionM} m, which does not fit the {stackWidth}x{stackHeight} grid at {stackResolution} m");
        _nearestColumn = new int[stackWidth];
        for (var x = 0; x < stackWidth; x++) _nearestColumn[x] = Math.Min(Width - 1, (int)Math.Floor((x + 0.5) * Ratio));
    }

    /// <summary>Reads stack rows [row0, row0 + rows) of this band as reflectance and ORs its masks in.</summary>
    public void Read(int row0, int rows, int stackWidth, int stackHeight, BandResampling resampling, ReadScratch scratch,
        Span<float> reflectance, Span<byte> noData, Span<byte> saturated)
    {
        try
        {
            if (Ratio == 1)
            {
                var dn = ReadScratch.Get(ref scratch.Dn, stackWidth * rows);
                Dataset.Band(1).Read<ushort>(new Window(0, row0, Width, rows), dn, Width, rows);
                Convert(dn, dn, reflectance, noData, saturated);
                return;
            }

            // Native rows under the strip, for the masks (nearest native pixel of each stack pixel)...
            var native0 = (int)Math.Floor(row0 * Ratio);
            var native1 = Math.Min(Height, Math.Max(native0 + 1, (int)Math.Ceiling((row0 + rows) * Ratio)));
            // ...and with a margin for the resampling kernel.
            var kernel = resampling switch
            {
                BandResampling.Bilinear => ResamplingKernel.Triangle,
                BandResampling.BlackmanSinc => ResamplingKernel.BlackmanSinc,
                _ => null,
            };
            var margin = kernel is null ? 0 : SeparableResampler.Margin(kernel, Ratio);
            var read0 = Math.Max(0, native0 - margin);
            var read1 = Math.Min(Height, native1 + margin);
            var nativeDn = ReadScratch.Get(ref scratch.Native, Width * (read1 - read0));
            Dataset.Band(1).Read<ushort>(new Window(0, read0, Width, read1 - read0), nativeDn, Width, read1 - read0);

            var nearestDn = ReadScratch.Get(ref scratch.Dn, stackWidth * rows);
            for (var y = 0; y < rows; y++)
            {
                var sy = Math.Clamp((int)Math.Floor((row0 + y + 0.5) * Ratio), 0, Height - 1) - read0;
                var src = nativeDn.Slice(sy * Width, Width);
                var dst = nearestDn.Slice(y * stackWidth, stackWidth);
                for (var x = 0; x < stackWidth; x++) dst[x] = src[_nearestColumn![x]];
            }

            if (resampling == BandResampling.Nearest)
            {
                Convert(nearestDn, nearestDn, reflectance, noData, saturated);
                return;
            }
            var values = ReadScratch.Get(ref scratch.Values, stackWidth * rows);
            if (kernel is not null)
            {
                var asFloat = ReadScratch.Get(ref scratch.NativeFloat, nativeDn.Length);
                for (var i = 0; i < asFloat.Length; i++) asFloat[i] = nativeDn[i];
                SeparableResampler.Resample(kernel, asFloat, Width, Height, read0, read1 - read0, Ratio, values, stackWidth, row0, rows);
            }
            else
            {
                ReadResampledByGdal(row0, rows, stackWidth, stackHeight, resampling.ToGdal(), scratch, values);
            }
            Convert(values, nearestDn, reflectance, noData, saturated);
        }
        catch (RasterException e)
        {
            throw new ProductException(ProductProblem.CorruptImage, _displayPath,
                $"band {Band.Name} cannot be decoded ({e.Reason}); the JPEG 2000 file is corrupt or truncated, get the product again", e);
        }
    }

    /// <summary>
    /// Lets GDAL resample a native window that covers the strip plus a margin, in whole native pixels,
    /// so the kernel sees the same neighbours whatever the strip; then keeps the strip's rows.
    /// </summary>
    private void ReadResampledByGdal(int row0, int rows, int stackWidth, int stackHeight, Resampling resampling, ReadScratch scratch, Span<float> values)
    {
        // Stack rows per native row (6 for 60 m into 10 m), or 1 when going coarser.
        var step = Ratio < 1 ? (int)Math.Round(1 / Ratio) : 1;
        var marginStack = GdalMargin * step;
        var ext0 = Math.Max(0, (row0 - marginStack) / step * step);
        var ext1 = Math.Min(stackHeight, (row0 + rows + marginStack + step - 1) / step * step);
        var nativeY = (int)Math.Round(ext0 * Ratio);
        var nativeRows = Math.Min(Height - nativeY, (int)Math.Round((ext1 - ext0) * Ratio));
        var buffer = ReadScratch.Get(ref scratch.Resampled, stackWidth * (ext1 - ext0));
        Dataset.Band(1).Read<float>(new Window(0, nativeY, Width, nativeRows), buffer, stackWidth, ext1 - ext0, resampling);
        buffer.Slice((row0 - ext0) * stackWidth, rows * stackWidth).CopyTo(values);
    }

    private void Convert(ReadOnlySpan<ushort> values, ReadOnlySpan<ushort> dn, Span<float> reflectance, Span<byte> noData, Span<byte> saturated)
    {
        for (var i = 0; i < dn.Length; i++)
        {
            if (Mask(dn[i], i, reflectance, noData, saturated)) reflectance[i] = (values[i] + _offset) * _scale;
        }
    }

    private void Convert(ReadOnlySpan<float> values, ReadOnlySpan<ushort> dn, Span<float> reflectance, Span<byte> noData, Span<byte> saturated)
    {
        for (var i = 0; i < dn.Length; i++)
        {
            if (Mask(dn[i], i, reflectance, noData, saturated)) reflectance[i] = (values[i] + _offset) * _scale;
        }
    }

    /// <summary>Sets the masks for one pixel; false (and reflectance 0) where the pixel is nodata.</summary>
    private bool Mask(int dn, int i, Span<float> reflectance, Span<byte> noData, Span<byte> saturated)
    {
        if (dn == _noDataDn)
        {
            reflectance[i] = 0;
            noData[i] = 1;
            return false;
        }
        if (dn == _saturatedDn) saturated[i] = 1;
        return true;
    }

    public void Dispose() => Dataset.Dispose();
}

/// <summary>
/// Scratch buffers of one reader, shared by its bands (they are read one after the other) and reused
/// from strip to strip: a full-width strip of a 10 m band is tens of MB, and allocating them per band
/// and per strip let the process grow to several GB.
/// </summary>
internal sealed class ReadScratch
{
    public ushort[]? Dn, Native;
    public float[]? Values, NativeFloat, Resampled;

    /// <summary>A span of exactly <paramref name="length"/> elements over a buffer kept for the next use.</summary>
    public static Span<T> Get<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new T[length];
        return buffer.AsSpan(0, length);
    }
}
