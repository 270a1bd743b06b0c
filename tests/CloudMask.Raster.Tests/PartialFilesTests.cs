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
        var deadHere = dir.File($".z.mask.tif.partial-999999999@{Environment.MachineName}-0123456789abcdef0123456789abcdef.tif");
        // Written on another machine into a shared folder: its process id means nothing here, so it stays.
        var otherMachine = dir.File(".w.mask.tif.partial-999999999@other-machine-0123456789abcdef0123456789abcdef.tif");
        foreach (var f in new[] { dead, ours, user, deadHere, otherMachine }) File.WriteAllText(f, "x");
        Assert.Contains($"@{Environment.MachineName}-", Path.GetFileName(ours));
        Assert.Equal(2, PartialFiles.DeleteStale(dir.Path));
        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(deadHere));
        Assert.True(File.Exists(otherMachine));
        Assert.True(File.Exists(ours));
        Assert.True(File.Exists(user));
    }
}
