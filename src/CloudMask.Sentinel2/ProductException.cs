namespace CloudMask.Sentinel2;

/// <summary>What is wrong with a product, so callers (the CLI, tests) can branch without parsing messages.</summary>
public enum ProductProblem
{
    /// <summary>The path names nothing.</summary>
    NotFound,

    /// <summary>A .zip that holds no *.SAFE folder.</summary>
    ZipWithoutSafe,

    /// <summary>A .zip that cannot be read: truncated download, not a zip at all.</summary>
    DamagedArchive,

    /// <summary>A SAFE folder without MTD_MSIL1C.xml / MTD_MSIL2A.xml.</summary>
    MissingMetadata,

    /// <summary>The metadata XML is malformed or lacks a required element.</summary>
    InvalidMetadata,

    /// <summary>The processing baseline is absent, unparseable or one this reader does not know.</summary>
    UnknownBaseline,

    /// <summary>A layout this reader refuses: the pre-2016 multi-tile products, several granules.</summary>
    UnsupportedLayout,

    /// <summary>A band or layer file listed by the metadata is not in the product.</summary>
    MissingBandFile,

    /// <summary>A band file exists but GDAL cannot decode it (corrupt or truncated JPEG 2000).</summary>
    CorruptImage,
}

/// <summary>
/// A Sentinel-2 product cannot be opened or read. The message is one line: "PATH: reason; remedy".
/// It is an <see cref="IOException"/> so that callers catching I/O failures see it.
/// </summary>
public sealed class ProductException : IOException
{
    public ProductException(ProductProblem problem, string path, string reason, Exception? inner = null)
        : base($"{path}: {OneLine(reason)}", inner)
    {
        Problem = problem;
        Path = path;
        Reason = OneLine(reason);
    }

    /// <summary>The kind of failure.</summary>
    public ProductProblem Problem { get; }

    /// <summary>The file or folder the failure is about (inside a zip: "archive.zip/inner/path").</summary>
    public string Path { get; }

    /// <summary>The reason (and remedy) without the path.</summary>
    public string Reason { get; }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
