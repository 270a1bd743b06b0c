using System.Globalization;
using System.Security;
using System.Text;
using CloudMask.Raster;

namespace CloudMask.Stac;

/// <summary>
/// Stacks an Item's band files into one GDAL virtual raster (VRT) on the grid of the finest band:
/// each band keeps its own file (read through /vsicurl/ when it is a URL), coarser bands are
/// resampled bilinearly by GDAL, and the catalogue's scale/offset and nodata become the band's
/// own, so <see cref="Raster.Spectral.BandStack"/> reads reflectance as from any named GeoTIFF.
/// </summary>
public static class StacBandStack
{
    /// <summary>The VRT's XML for <paramref name="bands"/>; every band file is opened once (its header) for size and grid.</summary>
    /// <exception cref="StacException">a band file cannot be opened, has no grid, or lies in another CRS.</exception>
    public static string BuildVrt(StacItem item, IReadOnlyList<BandAsset> bands)
    {
        var grids = new List<(BandAsset Band, string Source, int Width, int Height, GeoTransform Transform, string? Crs, RasterDataType Type)>();
        foreach (var band in bands)
        {
            var source = GdalPaths.For(band.Asset.Href);
            try
            {
                using var dataset = RasterDataset.Open(source);
                if (dataset.GeoTransform is not { } transform)
                    throw new StacException(item.Location, $"band {band.Band} ({band.Asset.Href}) has no georeferencing; bands of different sizes cannot be stacked");
                grids.Add((band, source, dataset.Width, dataset.Height, transform, dataset.Crs, dataset.Band(1).DataType));
            }
            catch (RasterException e)
            {
                throw new StacException(item.Location, $"band {band.Band}: {e.Message}");
            }
        }
        var finest = grids.MinBy(g => Math.Abs(g.Transform.PixelWidth))!;
        var other = grids.FirstOrDefault(g => g.Crs is not null && finest.Crs is not null && Crs.EpsgCode(g.Crs) != Crs.EpsgCode(finest.Crs));
        if (other.Source is not null)
            throw new StacException(item.Location, $"band {other.Band.Band} is in another CRS than band {finest.Band.Band}");

        var t = finest.Transform;
        var inv = CultureInfo.InvariantCulture;
        var xml = new StringBuilder();
        xml.Append(inv, $"<VRTDataset rasterXSize=\"{finest.Width}\" rasterYSize=\"{finest.Height}\">\n");
        if (finest.Crs is not null) xml.Append(inv, $"  <SRS>{SecurityElement.Escape(finest.Crs)}</SRS>\n");
        xml.Append(inv, $"  <GeoTransform>{t.OriginX:R}, {t.PixelWidth:R}, {t.RowRotation:R}, {t.OriginY:R}, {t.ColumnRotation:R}, {t.PixelHeight:R}</GeoTransform>\n");
        for (var i = 0; i < grids.Count; i++)
        {
            var g = grids[i];
            var scaleX = g.Transform.PixelWidth / t.PixelWidth;
            var scaleY = g.Transform.PixelHeight / t.PixelHeight;
            var dx = (g.Transform.OriginX - t.OriginX) / t.PixelWidth;
            var dy = (g.Transform.OriginY - t.OriginY) / t.PixelHeight;
            xml.Append(inv, $"  <VRTRasterBand dataType=\"{GdalTypeName(g.Type)}\" band=\"{i + 1}\">\n");
            xml.Append(inv, $"    <Description>{g.Band.Band}</Description>\n");
            if (g.Band.NoData is { } noData) xml.Append(inv, $"    <NoDataValue>{noData:R}</NoDataValue>\n");
            xml.Append(inv, $"    <Offset>{g.Band.Offset:R}</Offset>\n    <Scale>{g.Band.Scale:R}</Scale>\n");
            xml.Append(inv, $"    <ComplexSource resampling=\"bilinear\">\n");
            xml.Append(inv, $"      <SourceFilename relativeToVRT=\"0\">{SecurityElement.Escape(g.Source)}</SourceFilename>\n");
            xml.Append(inv, $"      <SourceBand>1</SourceBand>\n");
            xml.Append(inv, $"      <SrcRect xOff=\"0\" yOff=\"0\" xSize=\"{g.Width}\" ySize=\"{g.Height}\" />\n");
            xml.Append(inv, $"      <DstRect xOff=\"{dx:R}\" yOff=\"{dy:R}\" xSize=\"{g.Width * scaleX:R}\" ySize=\"{g.Height * scaleY:R}\" />\n");
            if (g.Band.NoData is { } sourceNoData) xml.Append(inv, $"      <NODATA>{sourceNoData:R}</NODATA>\n");
            xml.Append("    </ComplexSource>\n  </VRTRasterBand>\n");
        }
        xml.Append("</VRTDataset>\n");
        return xml.ToString();
    }

    /// <summary>GDAL's name of a band type: the enum's names are GDAL's own.</summary>
    private static string GdalTypeName(RasterDataType type) =>
        type is RasterDataType.Unknown ? throw new ArgumentOutOfRangeException(nameof(type), type, "not a band type a STAC band file uses") : type.ToString();
}
