using CloudMask.Masking.Classes;
using CloudMask.Masking.Inference;
using CloudMask.Masking.Models;
using CloudMask.Raster;
using CloudMask.Simulation.Products;
using CloudMask.TestSupport;

namespace CloudMask.Viewer.Tests;

/// <summary>
/// A folder as a user would point the viewer at: the smallest simulated Sentinel-2 product (1098 px)
/// masked by `predict --preview --probabilities` (the Hollstein tree: seconds, not minutes), and
/// beside it a folder of Sen2Cor SCL masks for the swipe, all shadow (SCL code 3).
/// Made once per test class.
/// </summary>
public sealed class ViewerFolder : IDisposable
{
    private readonly TempFolder _temp = new("viewer");

    public ViewerFolder()
    {
        var product = SafeProductWriter.Write(new ProductRequest(Seed: 3, Regime: "broken", PartialTileChance: 0), _temp.File("products"));
        ProductPath = product.ProductPath;
        Results = _temp.File("results");
        Directory.CreateDirectory(Results);
        var (model, info) = ModelCatalog.Load("hollstein");
        var outcome = new MaskJob(model, info, new MaskJobOptions(Results, Preview: true, Probabilities: true)).Run(ProductPath);
        if (outcome.Status != MaskJobStatus.Written) throw new InvalidOperationException(outcome.Message);
        MaskPath = outcome.Files[0];
        Stem = Path.GetFileName(MaskPath)[..^".mask.tif".Length];

        using var mask = RasterDataset.Open(MaskPath);
        (Width, Height) = (mask.Width, mask.Height);
        Codes = mask.Band(1).Read<byte>();
        SclFolder = _temp.File("scl");
        Directory.CreateDirectory(SclFolder);
        using var scl = new InMemoryRaster(Width, Height, 1, RasterDataType.Byte) { GeoTransform = mask.GeoTransform, Crs = mask.Crs };
        scl.Write<byte>(1, Enumerable.Repeat((byte)3, Width * Height).ToArray()); // SCL 3: cloud shadows
        scl.SaveAs(Path.Combine(SclFolder, Stem + "_SCL.tif"), RasterFormat.GeoTiff);
    }

    public string ProductPath { get; }
    public string Results { get; }
    public string MaskPath { get; }
    public string Stem { get; }
    public string SclFolder { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>The mask's codes, row-major.</summary>
    public byte[] Codes { get; }

    /// <summary>The id the viewer gives the mask (its key under the results folder).</summary>
    public string MaskId => "0/" + Path.GetFileName(MaskPath);

    /// <summary>
    /// The pixel nearest the centre whose whole neighbourhood (radius <paramref name="radius"/>) is
    /// <paramref name="cls"/>, so a screen pixel near its centre cannot show a neighbour's colour.
    /// </summary>
    public (int X, int Y) Inside(MaskClass cls, int radius = 12, Func<int, bool>? columnWanted = null)
    {
        var best = (X: -1, Y: -1);
        var bestDistance = double.MaxValue;
        for (var y = radius; y < Height - radius; y += 3)
            for (var x = radius; x < Width - radius; x += 3)
            {
                if (columnWanted is not null && !columnWanted(x)) continue;
                var distance = Math.Pow(x - Width / 2.0, 2) + Math.Pow(y - Height / 2.0, 2);
                if (distance >= bestDistance || !Uniform(x, y, radius, (byte)cls)) continue;
                (best, bestDistance) = ((x, y), distance);
            }
        return best.X >= 0 ? best : throw new InvalidOperationException($"the simulated mask has no {radius} px patch of {cls}");
    }

    private bool Uniform(int cx, int cy, int radius, byte code)
    {
        for (var y = cy - radius; y <= cy + radius; y++)
            for (var x = cx - radius; x <= cx + radius; x++)
                if (Codes[y * Width + x] != code) return false;
        return true;
    }

    public void Dispose() => _temp.Dispose();
}
