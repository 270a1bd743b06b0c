using CloudMask.TestSupport;

namespace CloudMask.Raster.Tests;

public class PartialFilesTests
{
    [Fact]
    public void Deletes_temporaries_of_dead_processes_only()
    {
        using var dir = new TempFolder();
        var dead = dir.File(".x.mask.tif.partial-999999999-0123456789abcdef0123456789abcdef.tif");
        var ours = PartialFiles.TemporaryFor(dir.File("y.mask.tif"), ".tif");
        var user = dir.File("keep.tif");
        foreach (var f in new[] { dead, ours, user }) File.WriteAllText(f, "x");
        Assert.Equal(1, PartialFiles.DeleteStale(dir.Path));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(ours));
        Assert.True(File.Exists(user));
    }
}
