using CloudMask.Raster;
using CloudMask.Sentinel2.Layout;

namespace CloudMask.Sentinel2.Reading;

/// <summary>
/// Reads a product's bands on one grid (10, 20 or 60 m) strip by strip, as reflectance with nodata and
/// saturation masks. Memory is one strip (bands x width x rows floats) plus GDAL's block cache, never
/// a whole band. Keeps every band file open so that tiles decoded for one strip stay in GDAL's cache
/// for the next. Not thread-safe (GDAL datasets are not); use one reader per thread.
/// </summary>
public sealed class BandStackReader : IDisposable
{
    private readonly BandSource[] _sources;
    private readonly BandResampling _resampling;
    private readonly ReadScratch _scratch = new();

    private BandStackReader(Sentinel2Product product, BandSource[] sources, int resolutionM, int width, int height,
        BandResampling resampling, int stripHeight, GeoTransform? geoTransform, string? crs)
    {
        Product = product;
        _sources = sources;
        ResolutionM = resolutionM;
        Width = width;
        Height = height;
        _resampling = resampling;
        StripHeight = stripHeight;
        GeoTransform = geoTransform;
        Crs = crs;
    }

    public Sentinel2Product Product { get; }

    /// <summary>The bands, in the order of <see cref="StripData.Reflectance"/>.</summary>
    public IReadOnlyList<MsiBand> Bands => _sources.Select(s => s.Band).ToArray();

    /// <summary>The files the bands are read from (for L2A, possibly the product's own 20/60 m versions).</summary>
    public IReadOnlyList<ProductFile> Files => _sources.Select(s => s.File).ToArray();

    public int ResolutionM { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>Suggested rows per <see cref="ReadStrip"/> call: aligned to the 1024-pixel JPEG 2000 tiles (see <see cref="BandStackOptions.StripHeight"/>).</summary>
    public int StripHeight { get; }

    /// <summary>Georeferencing of the stack's grid (from the band files), null if they have none.</summary>
    public GeoTransform? GeoTransform { get; }

    /// <summary>CRS of the band files as WKT.</summary>
    public string? Crs { get; }

    /// <summary>Bytes one strip of <paramref name="rows"/> rows takes (reflectance plus the two masks).</summary>
    public long StripBytes(int rows) => (long)Width * rows * (4L * _sources.Length + 2);

    internal static BandStackReader Open(Sentinel2Product product, BandStackOptions options)
    {
        var resolution = MsiResolution.Validate(options.ResolutionM);
        var bands = options.Bands ?? product.Bands;
        if (bands.Count == 0) throw new ArgumentException("ask for at least one band", nameof(options));
        var duplicates = bands.GroupBy(b => b.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new ArgumentException($"bands asked for twice: {string.Join(", ", duplicates)}", nameof(options));

        var sources = new List<BandSource>();
        try
        {
            foreach (var band in bands) sources.Add(BandSource.Open(product, band, product.BandFile(band, resolution)));

            // The grid: the size of a band stored at the stack's resolution, else a scaled native size.
            var reference = sources.FirstOrDefault(s => s.File.ResolutionM == resolution) ?? sources[0];
            var factor = (double)reference.File.ResolutionM / resolution;
            var width = (int)Math.Round(reference.Width * factor);
            var height = (int)Math.Round(reference.Height * factor);
            foreach (var s in sources) s.CheckGrid(width, height, resolution);

            var gt = reference.Dataset.GeoTransform is { } g ? g.ForWindow(Window.Full(reference.Width, reference.Height), 1 / factor) : (GeoTransform?)null;
            var stripHeight = options.StripHeight ?? Math.Max(1, 512 * 10 / resolution);
            if (stripHeight <= 0) throw new ArgumentOutOfRangeException(nameof(options), "StripHeight must be positive");
            return new BandStackReader(product, sources.ToArray(), resolution, width, height, options.Resampling,
                Math.Min(stripHeight, height), gt, reference.Dataset.Crs);
        }
        catch
        {
            foreach (var s in sources) s.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads rows [row0, row0 + rows) of every band, full width. Strips may be read in any order;
    /// reading them top to bottom with <see cref="StripHeight"/> rows decodes each tile once.
    /// </summary>
    /// <param name="reuse">A strip returned earlier whose arrays may be overwritten (when they have the
    /// same size), so that a pass over a product allocates one strip instead of one per call.</param>
    /// <exception cref="ProductException">a band file turns out corrupt (<see cref="ProductProblem.CorruptImage"/>).</exception>
    public StripData ReadStrip(int row0, int rows, StripData? reuse = null)
    {
        if (row0 < 0 || rows <= 0 || row0 + rows > Height)
            throw new ArgumentOutOfRangeException(nameof(rows), $"rows {row0}..{row0 + rows} are outside the stack's 0..{Height}");
        var pixels = Width * rows;
        var fits = reuse is not null && reuse.Width == Width && reuse.Rows == rows && reuse.Reflectance.Length == _sources.Length;
        var reflectance = fits ? reuse!.Reflectance : new float[_sources.Length][];
        var noData = fits ? reuse!.NoData : new byte[pixels];
        var saturated = fits ? reuse!.Saturated : new byte[pixels];
        if (fits)
        {
            // The masks are OR-ed band by band, so they must start clear.
            Array.Clear(noData);
            Array.Clear(saturated);
        }
        using var threads = GdalConfig.Scope("GDAL_NUM_THREADS", "ALL_CPUS");
        for (var b = 0; b < _sources.Length; b++)
        {
            if (!fits) reflectance[b] = new float[pixels];
            _sources[b].Read(row0, rows, Width, Height, _resampling, _scratch, reflectance[b], noData, saturated);
        }
        return new StripData(row0, rows, Width, reflectance, noData, saturated);
    }

    /// <summary>
    /// Reads the strips top to bottom, <see cref="StripHeight"/> rows each. With
    /// <paramref name="reuseBuffers"/> every strip overwrites the previous one's arrays: use each strip
    /// before asking for the next (memory stays at one strip).
    /// </summary>
    public IEnumerable<StripData> ReadStrips(bool reuseBuffers = false)
    {
        StripData? previous = null;
        for (var row = 0; row < Height; row += StripHeight)
        {
            var strip = ReadStrip(row, Math.Min(StripHeight, Height - row), reuseBuffers ? previous : null);
            previous = strip;
            yield return strip;
        }
    }

    public void Dispose()
    {
        foreach (var s in _sources) s.Dispose();
    }
}
