using System.Globalization;
using CloudMask.Masking.Classes;
using CloudMask.Masking.Output;
using CloudMask.Raster;
using CloudMask.Raster.Spectral;

namespace CloudMask.Labelling;

/// <summary>
/// `labels from-pairs` on files: reads a cloudy and a cloud-free band stack of one place, checks that
/// they share a grid and their bands, derives the label (<see cref="PairLabeller"/>) and writes it as a
/// label GeoTIFF in the chip format (uint8 codes 0-5, the cloudy image's grid, the mask colours), under a
/// temporary name first. The label sits beside a copy-free chip: train it by pointing a chip folder at
/// the cloudy image and its NAME.label.tif.
/// </summary>
public static class PairLabelJob
{
    /// <summary>Labels <paramref name="cloudyPath"/> against <paramref name="clearPath"/> into <paramref name="outputPath"/>.</summary>
    /// <exception cref="RasterContentException">the two images differ in size, grid or bands.</exception>
    /// <param name="previewPath">Also write the pair and its label side by side here (PNG), if given.</param>
    /// <param name="histogramPath">Also write the visible brightening per derived class here (PNG), if given.</param>
    public static PairLabels Run(string cloudyPath, string clearPath, string outputPath, bool overwrite = false,
        IReadOnlyList<string>? bandNames = null, PairLabelRule? rule = null, string? previewPath = null, string? histogramPath = null)
    {
        foreach (var extra in new[] { previewPath, histogramPath })
            if (extra is not null && File.Exists(extra) && !overwrite) throw new OutputExistsException(extra);
        if (File.Exists(outputPath) && !overwrite) throw new OutputExistsException(outputPath);
        using var cloudy = BandStack.Open(cloudyPath, bandNames);
        using var clear = BandStack.Open(clearPath, bandNames);
        if (cloudy.Width != clear.Width || cloudy.Height != clear.Height)
            throw new RasterContentException(clearPath, $"is {clear.Width}x{clear.Height} px, the cloudy image {cloudy.Width}x{cloudy.Height}: a pair must share one grid");
        if (cloudy.GeoTransform is { } a && clear.GeoTransform is { } b && !SameGrid(a, b))
            throw new RasterContentException(clearPath, "lies on another grid than the cloudy image (origin or pixel size differ): resample one onto the other first");
        var clearIndex = cloudy.SpectralBands.Select(band => IndexOf(clear.SpectralBands, band)).ToArray();
        var images = new PairImages(cloudy.Width, cloudy.Height, cloudy.SpectralBands,
            b => cloudy.ReadReflectance(b),
            b => clearIndex[b] is int i and >= 0 ? clear.ReadReflectance(i)
                : throw new RasterContentException(clearPath, $"has no band {cloudy.SpectralBands[b].Name}, which the cloudy image has"));
        var labels = PairLabeller.Label(images, rule);
        Write(labels, cloudy, cloudyPath, clearPath, outputPath, overwrite);
        if (previewPath is not null) PairLabelSheets.Preview(images, labels).SavePng(previewPath, overwrite);
        if (histogramPath is not null) PairLabelSheets.Histogram(labels, $"{Path.GetFileName(cloudyPath)} against {Path.GetFileName(clearPath)}").SavePng(histogramPath, overwrite);
        return labels;
    }

    private static int IndexOf(IReadOnlyList<SpectralBand> bands, SpectralBand band)
    {
        for (var i = 0; i < bands.Count; i++)
            if (string.Equals(bands[i].Name, band.Name, StringComparison.OrdinalIgnoreCase) || Math.Abs(bands[i].CentralWavelengthUm - band.CentralWavelengthUm) < 0.005)
                return i;
        return -1;
    }

    private static bool SameGrid(GeoTransform a, GeoTransform b)
    {
        var pixel = Math.Max(Math.Abs(a.PixelWidth), 1e-12);
        return Math.Abs(a.OriginX - b.OriginX) < 0.01 * pixel && Math.Abs(a.OriginY - b.OriginY) < 0.01 * pixel
            && Math.Abs(a.PixelWidth - b.PixelWidth) < 1e-6 * pixel && Math.Abs(a.PixelHeight - b.PixelHeight) < 1e-6 * pixel;
    }

    private static void Write(PairLabels labels, BandStack grid, string cloudyPath, string clearPath, string outputPath, bool overwrite)
    {
        using var raster = new InMemoryRaster(labels.Width, labels.Height, 1, RasterDataType.Byte);
        if (grid.GeoTransform is { } transform) raster.GeoTransform = transform;
        if (grid.Crs is { } crs) raster.Crs = crs;
        raster.SetDescription(1, "label");
        raster.SetMetadataItem("CLASS_CODES", string.Join(", ", MaskClasses.All.Select(c => $"{(int)c} {MaskClasses.Name(c)}")));
        raster.SetMetadataItem("LABEL_SCHEME", "derived from a cloudy / cloud-free pair by cloudmask labels from-pairs (docs/labels-from-pairs.md); 5 = evidence too weak or ground changed");
        raster.SetMetadataItem("SOURCE", $"cloudy: {Path.GetFileName(cloudyPath)}; clear: {Path.GetFileName(clearPath)}");
        raster.SetMetadataItem("LEVEL_DIFFERENCE", string.Join(",", labels.LevelDifference.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture))));
        raster.SetMetadataItem("SHADOW_OFFSET_PX", labels.ShadowOffset is { } o ? $"{o.Dx},{o.Dy}" : "none");
        raster.SetColorTable(1, MaskWriter.Palette());
        raster.Write<byte>(1, labels.Codes);
        raster.SaveAs(outputPath, RasterFormat.GeoTiff, overwrite);
    }
}
