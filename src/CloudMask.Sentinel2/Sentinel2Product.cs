using CloudMask.Sentinel2.Layout;
using CloudMask.Sentinel2.Metadata;
using CloudMask.Sentinel2.Reading;
using CloudMask.Sentinel2.Storage;

namespace CloudMask.Sentinel2;

/// <summary>A file of the product: where it is inside the SAFE and at which resolution.</summary>
/// <param name="RelativePath">SAFE-relative, '/' separators, with extension.</param>
public sealed record ProductFile(string Layer, string RelativePath, int ResolutionM);

/// <summary>
/// An opened Sentinel-2 L1C or L2A product (compact naming, one tile): its metadata and where its
/// band files are. Open with <see cref="Open"/>, read pixels with <see cref="OpenBandStack"/>.
/// Dispose to release the zip archive.
/// </summary>
/// <example>
/// <code>
/// using var product = Sentinel2Product.Open("S2A_MSIL1C_...SAFE.zip");
/// using var stack = product.OpenBandStack(new BandStackOptions { ResolutionM = 10 });
/// for (var row = 0; row &lt; stack.Height; row += stack.StripHeight)
/// {
///     var strip = stack.ReadStrip(row, Math.Min(stack.StripHeight, stack.Height - row));
///     // strip.Reflectance[bandIndex][y * stack.Width + x]
/// }
/// </code>
/// </example>
public sealed class Sentinel2Product : IDisposable
{
    private readonly ProductFiles _files;

    private Sentinel2Product(string path, ProductFiles files, string metadataPath, ProductMetadata metadata, string granuleFolder, GranuleMetadata? granule)
    {
        Path = path;
        _files = files;
        MetadataRelativePath = metadataPath;
        Metadata = metadata;
        GranuleFolder = granuleFolder;
        Granule = granule;
        ProductName.TryParse(metadata.ProductUri, out var name);
        Name = name;
    }

    /// <summary>The path the product was opened from.</summary>
    public string Path { get; }

    /// <summary>The SAFE root (a folder, or "archive.zip/NAME.SAFE").</summary>
    public string SafeDisplayPath => _files.RootDisplayPath;

    /// <summary>MTD_MSIL1C.xml / MTD_MSIL2A.xml relative to the SAFE root.</summary>
    public string MetadataRelativePath { get; }

    public ProductMetadata Metadata { get; }

    /// <summary>MTD_TL.xml content; null where the granule metadata is missing.</summary>
    public GranuleMetadata? Granule { get; }

    /// <summary>SAFE-relative granule folder, GRANULE/L1C_T32TQM_A034364_20220125T101302.</summary>
    public string GranuleFolder { get; }

    /// <summary>The parsed compact name, null when PRODUCT_URI does not follow it.</summary>
    public ProductName? Name { get; }

    public ProductLevel Level => Metadata.Level;

    /// <summary>The spectral bands of this product's level (13 for L1C, 12 for L2A).</summary>
    public IReadOnlyList<MsiBand> Bands => MsiBands.Of(Level);

    /// <summary>
    /// Opens a product from a .SAFE folder, a .zip holding one (read through /vsizip/, not unpacked),
    /// or the path of its MTD_MSIL1C.xml / MTD_MSIL2A.xml. Reads only the metadata; band files are
    /// checked by <see cref="OpenBandStack"/>.
    /// </summary>
    /// <exception cref="ProductException">the path is missing, the zip is damaged or holds no SAFE, the
    /// SAFE has no metadata, the baseline is unknown, or the layout is the pre-2016 multi-tile one.</exception>
    public static Sentinel2Product Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var files = OpenFiles(path);
        try
        {
            var metadataPath = FindMetadata(files);
            ProductMetadata metadata;
            using (var xml = files.OpenRead(metadataPath)) metadata = ProductMetadata.Parse(xml, files.DisplayPath(metadataPath));
            if (metadata.Granules.Count > 1)
                throw new ProductException(ProductProblem.UnsupportedLayout, files.DisplayPath(metadataPath),
                    $"lists {metadata.Granules.Count} granules; only single-tile products are supported");
            var granuleFolder = FindGranuleFolder(files, metadata);
            GranuleMetadata? granule = null;
            var tilePath = granuleFolder.Length > 0 ? files.Resolve(granuleFolder + "/MTD_TL.xml") : null;
            if (tilePath is not null)
            {
                using var xml = files.OpenRead(tilePath);
                granule = GranuleMetadata.Parse(xml, files.DisplayPath(tilePath));
            }
            return new Sentinel2Product(path, files, metadataPath, metadata, granuleFolder, granule);
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="path"/> looks like a product: a .SAFE folder, a .zip, or MTD_MSIL*.xml.</summary>
    public static bool LooksLikeProduct(string path)
    {
        var name = System.IO.Path.GetFileName(path.TrimEnd('/', '\\'));
        return name.EndsWith(".SAFE", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            || (name.StartsWith("MTD_MSIL", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            || (Directory.Exists(path) && Directory.EnumerateFiles(path, "MTD_MSIL*.xml").Any());
    }

    /// <summary>
    /// The file of a spectral band at a resolution: for L2A the product's own file at that resolution
    /// when there is one, otherwise (and for L1C always) the band's native-resolution file.
    /// </summary>
    /// <exception cref="ProductException">the metadata lists no file for the band (<see cref="ProductProblem.MissingBandFile"/>).</exception>
    public ProductFile BandFile(MsiBand band, int resolutionM)
    {
        MsiResolution.Validate(resolutionM);
        if (!Bands.Contains(band))
            throw new ArgumentException($"{Level} products have no {band.Name}; their bands: {string.Join(" ", Bands)}.", nameof(band));
        var candidates = ImageFiles()
            .Where(f => f.Name.Layer == band.Name)
            .Select(f => new ProductFile(band.Name, f.Path + ".jp2", f.Name.ResolutionM ?? band.NativeResolutionM))
            .ToList();
        var chosen = candidates.FirstOrDefault(f => f.ResolutionM == resolutionM)
            ?? candidates.FirstOrDefault(f => f.ResolutionM == band.NativeResolutionM)
            ?? candidates.OrderBy(f => f.ResolutionM).FirstOrDefault();
        if (chosen is null)
            throw new ProductException(ProductProblem.MissingBandFile, _files.DisplayPath(MetadataRelativePath),
                $"lists no image file for {band.Name}; the metadata is incomplete, download the product again");
        return chosen;
    }

    /// <summary>
    /// An L2A layer file (SCL, AOT, WVP from IMG_DATA; CLD, SNW from QI_DATA) at the resolution
    /// closest to <paramref name="resolutionM"/>, or null when the product has none (L1C, or not written).
    /// </summary>
    public ProductFile? LayerFile(L2ALayer layer, int resolutionM = 20)
    {
        if (Level != ProductLevel.L2A) return null;
        var code = layer.ToString();
        var found = ImageFiles().Select(f => (f.Path + ".jp2", f.Name))
            .Concat(_files.FilesIn(GranuleFolder + "/QI_DATA")
                .Select(p => (Path: p, Ok: GranuleImageName.TryParse(p, out var n), Name: n))
                .Where(t => t.Ok && t.Path.EndsWith(".jp2", StringComparison.OrdinalIgnoreCase))
                .Select(t => (t.Path, t.Name)))
            .Where(t => t.Name.Layer == code && t.Name.ResolutionM is not null)
            .OrderBy(t => Math.Abs(t.Name.ResolutionM!.Value - resolutionM))
            .Select(t => new ProductFile(code, t.Item1, t.Name.ResolutionM!.Value))
            .FirstOrDefault();
        return found;
    }

    /// <summary>
    /// Opens an L2A layer (SCL classes, AOT, WVP, CLD/SNW probabilities) with GDAL; the caller disposes it.
    /// Values are raw DNs: AOT and WVP divide by <see cref="ProductMetadata.AotQuantificationValue"/> and
    /// <see cref="ProductMetadata.WvpQuantificationValue"/>.
    /// </summary>
    /// <exception cref="ProductException">the product has no such layer, its file is missing or corrupt.</exception>
    public Raster.RasterDataset OpenLayer(L2ALayer layer, int resolutionM = 20)
    {
        var file = LayerFile(layer, resolutionM)
            ?? throw new ProductException(ProductProblem.MissingBandFile, _files.RootDisplayPath,
                Level == ProductLevel.L2A ? $"has no {layer} layer file" : $"is {Level}; {layer} exists only in L2A products");
        return OpenImage(file, $"layer {layer}");
    }

    /// <summary>Opens one image file of the product, turning absence and GDAL failures into product errors.</summary>
    internal Raster.RasterDataset OpenImage(ProductFile file, string what)
    {
        var display = _files.DisplayPath(file.RelativePath);
        if (!_files.Exists(file.RelativePath))
            throw new ProductException(ProductProblem.MissingBandFile, display,
                $"{what} is listed in {System.IO.Path.GetFileName(MetadataRelativePath)} but the file is not in the product; the download or unpacking is incomplete, get the product again");
        try
        {
            return Raster.RasterDataset.Open(_files.GdalPath(file.RelativePath));
        }
        catch (Raster.RasterException e)
        {
            throw new ProductException(ProductProblem.CorruptImage, display,
                $"{what} cannot be opened ({e.Reason}); the file is corrupt or truncated, get the product again", e);
        }
    }

    /// <summary>True when the product holds this SAFE-relative file.</summary>
    public bool HasFile(string relativePath) => _files.Exists(relativePath);

    /// <summary>How messages name a SAFE-relative file.</summary>
    public string DisplayPath(string relativePath) => _files.DisplayPath(relativePath);

    /// <summary>The name to open a SAFE-relative file with through GDAL (a path or /vsizip/...).</summary>
    public string GdalPath(string relativePath) => _files.GdalPath(relativePath);

    /// <summary>
    /// Opens the band files for reading a band stack. Checks that every requested file exists and
    /// that GDAL can open it.
    /// </summary>
    /// <exception cref="ProductException">a band file is missing or corrupt.</exception>
    public BandStackReader OpenBandStack(BandStackOptions? options = null) => BandStackReader.Open(this, options ?? new BandStackOptions());

    public void Dispose() => _files.Dispose();

    private IEnumerable<(string Path, GranuleImageName Name)> ImageFiles()
    {
        foreach (var g in Metadata.Granules)
        foreach (var f in g.ImageFiles)
        {
            if (GranuleImageName.TryParse(f, out var name)) yield return (f, name);
        }
    }

    private static ProductFiles OpenFiles(string path)
    {
        if (File.Exists(path))
        {
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return ZipProductFiles.Open(path);
            var fileName = System.IO.Path.GetFileName(path);
            if (ProductName.IsLegacyName(fileName))
                throw Legacy(path);
            if (fileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                return new FolderProductFiles(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            throw new ProductException(ProductProblem.NotFound, path,
                "is neither a .SAFE folder, a .zip nor MTD_MSIL1C.xml/MTD_MSIL2A.xml; pass one of these");
        }
        if (Directory.Exists(path))
        {
            // A folder holding exactly one .SAFE (e.g. where a zip was unpacked) is accepted as that SAFE.
            if (!Directory.EnumerateFiles(path, "MTD_MSIL*.xml").Any())
            {
                var safes = Directory.GetDirectories(path, "*.SAFE");
                if (safes.Length == 1) return new FolderProductFiles(safes[0]);
            }
            return new FolderProductFiles(path);
        }
        throw new ProductException(ProductProblem.NotFound, path, "no such file or folder");
    }

    private static string FindMetadata(ProductFiles files)
    {
        var rootFiles = files.FilesIn("").ToList();
        var mtd = rootFiles.FirstOrDefault(f => f.Equals("MTD_MSIL1C.xml", StringComparison.OrdinalIgnoreCase)
            || f.Equals("MTD_MSIL2A.xml", StringComparison.OrdinalIgnoreCase));
        if (mtd is not null) return mtd;
        if (rootFiles.Any(ProductName.IsLegacyName)) throw Legacy(files.RootDisplayPath);
        throw new ProductException(ProductProblem.MissingMetadata, files.RootDisplayPath,
            "has no MTD_MSIL1C.xml or MTD_MSIL2A.xml at its root; the product is incomplete, download or unpack it again");
    }

    private static string FindGranuleFolder(ProductFiles files, ProductMetadata metadata)
    {
        var fromMetadata = metadata.Granules.Select(g => g.Folder).FirstOrDefault(f => f.Length > 0);
        if (fromMetadata is not null) return fromMetadata;
        var folders = files.FoldersIn("GRANULE").ToList();
        return folders.Count == 1 ? folders[0] : "";
    }

    private static ProductException Legacy(string path) => new(ProductProblem.UnsupportedLayout, path,
        "is a pre-December-2016 multi-tile product (S2A_OPER_... naming); only compact single-tile products are supported; download the tile again from the Copernicus Data Space, which serves compact-named products");
}
