namespace CloudMask.Masking.Output;

/// <summary>Writes small outputs under a temporary name in the target folder, then renames: a
/// crash or a full disk never leaves a half-written file under the real name.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text, bool overwrite) =>
        Write(path, overwrite, temporary => File.WriteAllText(temporary, text));

    public static void WriteAllBytes(string path, byte[] bytes, bool overwrite) =>
        Write(path, overwrite, temporary => File.WriteAllBytes(temporary, bytes));

    private static void Write(string path, bool overwrite, Action<string> writeTo)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite) throw new Raster.OutputExistsException(path);
        var temporary = Raster.PartialFiles.TemporaryFor(full);
        try
        {
            writeTo(temporary);
            File.Move(temporary, full, overwrite);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { /* nothing more to do */ }
            throw;
        }
    }
}
