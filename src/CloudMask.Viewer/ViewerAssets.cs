using System.Collections.Frozen;

namespace CloudMask.Viewer;

/// <summary>
/// The page (index.html, viewer.js, viewer.css and the bundled libraries' licences), built from
/// web/ by esbuild and embedded in this assembly by the project file: nothing is read from disk
/// or from the network to show it.
/// </summary>
internal static class ViewerAssets
{
    private const string Prefix = "viewer/";

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(() =>
    {
        var assembly = typeof(ViewerAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }
        if (!files.ContainsKey("index.html") || !files.ContainsKey("viewer.js"))
            throw new InvalidOperationException("the viewer's page is missing from CloudMask.Viewer.dll: it was built without web/dist (see CloudMask.Viewer.csproj)");
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>The files the page is made of (index.html, viewer.js, ...).</summary>
    public static IReadOnlyList<string> Names => [.. Files.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The embedded file's bytes and content type, or null when there is no such file.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name) =>
        Files.Value.TryGetValue(name, out var bytes) ? (bytes, ContentType(name)) : null;

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
