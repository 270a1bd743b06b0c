using System.Text.RegularExpressions;

namespace CloudMask.Server;

/// <summary>
/// What the server may read and where it may write: inputs must lie under a root folder or start
/// with a URL prefix given by --allow; output names are plain relative folder names under the
/// results folder. Checks are made on the names alone (and on symbolic links), before anything is opened.
/// </summary>
public sealed partial class AccessPolicy
{
    public AccessPolicy(IEnumerable<string> allowed)
    {
        foreach (var entry in allowed)
        {
            if (IsUrl(entry)) UrlPrefixes.Add(NormaliseUrl(entry) ?? throw new ArgumentException($"--allow {entry}: not a valid URL"));
            else
            {
                var full = RealPath(Path.GetFullPath(entry));
                if (!Directory.Exists(full)) throw new ArgumentException($"--allow {entry}: no such folder");
                Roots.Add(full.TrimEnd('/') + "/");
            }
        }
    }

    /// <summary>Folders (full, link-resolved, ending in '/') inputs may lie under.</summary>
    public List<string> Roots { get; } = [];

    /// <summary>URL prefixes (http(s):// or s3://) inputs may start with.</summary>
    public List<string> UrlPrefixes { get; } = [];

    /// <summary>Null when the server may read <paramref name="input"/>, else why not (one line, naming the input).</summary>
    public string? CheckInput(string input)
    {
        if (string.IsNullOrWhiteSpace(input)) return "an input is empty";
        if (input.Contains('\0')) return "an input contains a NUL character";
        if (input.StartsWith("/vsicurl/", StringComparison.Ordinal)) input = input["/vsicurl/".Length..];
        else if (input.StartsWith("/vsis3/", StringComparison.Ordinal)) input = "s3://" + input["/vsis3/".Length..];
        else if (input.StartsWith("/vsi", StringComparison.Ordinal))
            return $"{input}: GDAL virtual paths other than /vsicurl/ and /vsis3/ are not accepted; give the file's path or URL";
        if (IsUrl(input))
        {
            var url = NormaliseUrl(input);
            if (url is null) return $"{input}: not a valid URL";
            return UrlPrefixes.Any(p => url.StartsWith(p, StringComparison.Ordinal)) ? null
                : $"{input}: outside the allowed URL prefixes ({Describe(UrlPrefixes)}); start the server with --allow PREFIX to allow it";
        }
        if (input.Contains("://")) return $"{input}: only http(s) and s3 URLs are read";
        if (!Path.IsPathRooted(input)) return $"{input}: give an absolute path (the server and its workers do not share a working folder)";
        var full = RealPath(Path.GetFullPath(input));
        return Roots.Any(r => full.StartsWith(r, StringComparison.Ordinal) || full + "/" == r) ? null
            : $"{input}: outside the allowed folders ({Describe(Roots)}); start the server with --allow DIR to allow it";
    }

    /// <summary>
    /// The output folder for a request's output name under <paramref name="resultsFolder"/>, or why the name is refused:
    /// a relative name of letters, digits, '.', '_', '-' and '/' whose parts do not start with a dot.
    /// </summary>
    public static (string? Folder, string? Error) OutputFolder(string resultsFolder, string? name)
    {
        if (string.IsNullOrEmpty(name)) return (Path.GetFullPath(resultsFolder), null);
        if (!OutputName().IsMatch(name))
            return (null, $"output name \"{name}\" is not a plain relative folder name (letters, digits, '.', '_', '-', '/' between parts; no part may start with '.')");
        var root = Path.GetFullPath(resultsFolder).TrimEnd('/') + "/";
        var folder = Path.GetFullPath(Path.Combine(root, name));
        return folder.StartsWith(root, StringComparison.Ordinal) ? (folder, null) : (null, $"output name \"{name}\" leaves the results folder");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){0,7}$")]
    private static partial Regex OutputName();

    private static bool IsUrl(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Scheme and host in lower case, dot segments resolved, escapes normalised: "https://h/a/../b" -> "https://h/b".</summary>
    private static string? NormaliseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "s3")) return null;
        if (uri.UserInfo.Length > 0) return null;
        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + (uri.Query.Length > 0 ? uri.Query : "");
    }

    /// <summary>The path with every symbolic link on it resolved, so a link under a root cannot lead outside it.</summary>
    internal static string RealPath(string fullPath)
    {
        var parts = fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target?.FullName ?? next;
            }
            current = next;
        }
        return current;
    }

    private static string Describe(List<string> list) => list.Count == 0 ? "none given" : string.Join(", ", list);
}
