using CloudMask.Raster;
using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Products;

/// <summary>
/// Renders every file of one resolution (10, 20 or 60 m) strip by strip and writes each as a
/// lossless JPEG 2000. Memory: one uint16/byte in-memory raster per file of this resolution
/// plus one strip of float bands, never a full-size float array - about 1 GB for the four
/// 10 m bands of a full 10980 px tile.
/// </summary>
internal sealed class ResolutionGroupWriter(SceneRenderer renderer, ProductGrid grid, DigitalNumbers numbers, string safeRoot)
{
    private const int StripRows = 256;

    /// <summary>Raised after each strip with (rows done, rows total).</summary>
    public Action<int, int>? StripDone { get; init; }

    /// <param name="labels">When given (10 m only), receives the exact labels, row-major.</param>
    /// <param name="opticalDepth">When given (10 m only), receives each pixel's cloud optical thickness.</param>
    public void Write(int resolutionM, IReadOnlyList<OutputLayer> layers, ProductStatistics? statistics, InMemoryRaster? labels, InMemoryRaster? opticalDepth = null)
    {
        int size = grid.SizeAt(resolutionM);
        var rasters = layers.Select(layer => CreateRaster(layer, resolutionM, size)).ToArray();
        try
        {
            int[] renderBands = layers.SelectMany(l => l.SensorBands).Distinct().Order().ToArray();
            var whole = RenderWindow.Whole(size, size, resolutionM);
            for (int row = 0; row < size; row += StripRows)
            {
                int rows = Math.Min(StripRows, size - row);
                var strip = renderer.Render(whole.Rows(row, rows), parallel: true, bands: renderBands);
                var window = new Window(0, row, size, rows);
                for (int l = 0; l < layers.Count; l++) WriteStrip(layers[l], rasters[l], strip, renderBands, window);
                statistics?.Add(strip);
                labels?.Write<byte>(1, window, strip.Labels);
                opticalDepth?.Write<float>(1, window, strip.CloudTau);
                StripDone?.Invoke(row + rows, size);
            }
            // JPEG 2000 encoding is single-threaded per file in OpenJPEG: encode two files at a time.
            Parallel.For(0, layers.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
                l => rasters[l].SaveAs(Path.Combine(safeRoot, layers[l].RelativePath), Jp2Format(size), overwrite: true));
        }
        finally
        {
            foreach (var r in rasters) r.Dispose();
        }
    }

    private InMemoryRaster CreateRaster(OutputLayer layer, int resolutionM, int size)
    {
        var raster = new InMemoryRaster(size, size, layer.BandCount, layer.DataType);
        raster.GeoTransform = grid.TransformAt(resolutionM);
        raster.Crs = Crs.FromEpsg(grid.Epsg);
        return raster;
    }

    private void WriteStrip(OutputLayer layer, InMemoryRaster raster, SceneRaster strip, int[] renderBands, Window window)
    {
        int n = strip.Labels.Length;
        switch (layer.Kind)
        {
            case LayerKind.Spectral:
            {
                var source = strip.Bands[Array.IndexOf(renderBands, layer.SensorBands[0])];
                var dn = new ushort[n];
                for (int i = 0; i < n; i++) dn[i] = numbers.Encode(source[i], strip.Labels[i] != LabelCodes.Missing);
                raster.Write<ushort>(1, window, dn);
                break;
            }
            case LayerKind.Aot or LayerKind.Wvp:
            {
                // L2A quantification: AOT and WVP (cm) are both stored as value * 1000.
                var source = layer.Kind == LayerKind.Aot ? strip.AerosolOpticalThickness : strip.WaterVapourCm;
                var dn = new ushort[n];
                for (int i = 0; i < n; i++) dn[i] = strip.Labels[i] == LabelCodes.Missing ? (ushort)0 : (ushort)Math.Clamp(source[i] * 1000f, 1f, 65534f);
                raster.Write<ushort>(1, window, dn);
                break;
            }
            case LayerKind.Tci:
                for (int c = 0; c < 3; c++)
                {
                    var source = strip.Bands[Array.IndexOf(renderBands, layer.SensorBands[c])];
                    var bytes = new byte[n];
                    for (int i = 0; i < n; i++) bytes[i] = SceneClassification.TrueColour(source[i], strip.Labels[i] != LabelCodes.Missing);
                    raster.Write<byte>(c + 1, window, bytes);
                }
                break;
            default:
            {
                var bytes = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    bytes[i] = layer.Kind switch
                    {
                        LayerKind.Scl => SceneClassification.Scl(strip.Labels[i], strip.Cover[i], strip.CloudTau[i]),
                        LayerKind.Cld => SceneClassification.CloudProbability(strip.Labels[i], strip.CloudTau[i]),
                        _ => SceneClassification.SnowProbability(strip.Labels[i], strip.Cover[i]),
                    };
                }
                raster.Write<byte>(1, window, bytes);
                break;
            }
        }
    }

    /// <summary>Lossless JPEG 2000 in 1024 px tiles as ESA writes it, with as many resolution levels as the size allows.</summary>
    private static RasterFormat Jp2Format(int size)
    {
        int levels = Math.Clamp((int)Math.Floor(Math.Log2(size)) - 3, 1, 6);
        return RasterFormat.Custom("JP2OpenJPEG", "REVERSIBLE=YES", "QUALITY=100", "BLOCKXSIZE=1024", "BLOCKYSIZE=1024", $"RESOLUTIONS={levels}");
    }
}
