namespace CloudMask.Masking.Output;

/// <summary>Writes small text outputs under a temporary name in the target folder, then renames.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite) throw new Raster.OutputExistsException(path);
        var temporary = Raster.PartialFiles.TemporaryFor(full);
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { /* nothing more to do */ }
            throw;
        }
    }
}
