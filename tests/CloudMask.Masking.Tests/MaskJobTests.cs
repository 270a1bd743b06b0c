using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class MaskJobTests
{
    [Fact]
    public void Cancelled_run_leaves_no_output()
    {
        using var dir = new TempFolder();
        var input = dir.File("scene.tif");
        using (var r = new InMemoryRaster(64, 64, 13, RasterDataType.Float32))
        {
            for (var b = 1; b <= 13; b++) r.SetDescription(b, Raster.Spectral.SensorBands.Sentinel2Msi[b - 1].Name);
            r.SaveAs(input, RasterFormat.GeoTiff);
        }
        var (model, info) = ModelCatalog.Load("hollstein");
        var job = new MaskJob(model, info, new MaskJobOptions(dir.Path, Tiling: new TilingOptions(16, 4)));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => job.Run(input, cancellation: cancelled.Token));
        Assert.Equal(["scene.tif"], dir.FileNames());
    }
}
