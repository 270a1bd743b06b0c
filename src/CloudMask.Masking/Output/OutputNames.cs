namespace CloudMask.Masking.Output;

/// <summary>Output file names derived from an input path.</summary>
public static class OutputNames
{
    /// <summary>
    /// The input's name without extension: "X.tif" -> "X"; "NAME.SAFE", "NAME.zip", "NAME.SAFE.zip"
    /// -> "NAME"; a product's "MTD_MSIL1C.xml" -> the name of the .SAFE folder holding it.
    /// </summary>
    public static string Stem(string inputPath)
    {
        var trimmed = inputPath.TrimEnd('/', '\\');
        var name = Path.GetFileName(trimmed);
        if (name.StartsWith("MTD_MSIL", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(trimmed)) ?? "");
            if (folder.Length > 0) name = folder;
        }
        foreach (var suffix in new[] { ".SAFE.zip", ".zip", ".SAFE", ".tiff", ".tif", ".vrt", ".jp2", ".img" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return name[..^suffix.Length];
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }
}
