using System.IO.Compression;
using CloudMask.Masking.Classes;
using CloudMask.Raster;
using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Products;

/// <summary>
/// Writes a simulated Sentinel-2 product as a real SAFE folder (or zip): JPEG 2000 bands at
/// their native resolutions as uint16 DN, MTD_MSIL1C.xml / MTD_MSIL2A.xml, GRANULE/*/MTD_TL.xml
/// and manifest.safe, plus the exact 10 m labels beside it as NAME.label.tif. The product is
/// built under a hidden temporary name and renamed when complete, so a failed run leaves no
/// half product behind.
/// </summary>
public static class SafeProductWriter
{
    /// <param name="request">What to simulate.</param>
    /// <param name="outputDirectory">Folder that receives NAME.SAFE (or NAME.zip) and NAME.label.tif.</param>
    /// <param name="overwrite">Replace an existing product of the same name.</param>
    /// <param name="progress">Called with a stage description and the overall fraction done (0..1).</param>
    public static SimulatedProduct Write(ProductRequest request, string outputDirectory, bool overwrite = false, Action<string, double>? progress = null)
    {
        request.Validate();
        var id = new ProductIdentity(request);
        var grid = ProductGrid.For(request);
        var spec = SceneSpecFactory.Draw(request.Seed, grid.ExtentM, request.Kind, request.Regime, request.PartialTileChance);
        bool l1c = request.Level == ProductLevel.L1C;
        var sensor = l1c ? SimulatedSensor.Sentinel2Msi : SimulatedSensor.Sentinel2MsiL2A;
        var renderer = new SceneRenderer(spec, sensor, l1c ? RadiometricLevel.TopOfAtmosphere : RadiometricLevel.BottomOfAtmosphere);
        var numbers = new DigitalNumbers(id.Baseline, sensor.SaturationReflectance);

        Directory.CreateDirectory(outputDirectory);
        var finalSafe = Path.Combine(outputDirectory, id.Name.SafeFolderName);
        var finalZip = Path.Combine(outputDirectory, id.Name + ".zip");
        var labelPath = Path.Combine(outputDirectory, id.Name + ".label.tif");
        var depthPath = request.OpticalDepth ? Path.Combine(outputDirectory, id.Name + ".optical-depth.tif") : null;
        var target = request.Zip ? finalZip : finalSafe;
        if (!overwrite && (Directory.Exists(target) || File.Exists(target))) throw new OutputExistsException(target);

        var staging = Path.Combine(outputDirectory, $".{id.Name}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var safeRoot = Path.Combine(staging, id.Name.SafeFolderName);
        try
        {
            CreateFolders(id, safeRoot);
            var statistics = new ProductStatistics();
            using (var labels = LabelRaster(grid))
            using (var depth = depthPath is null ? null : OpticalDepthRaster(grid))
            {
                var resolutions = MsiResolution.All;
                for (int r = 0; r < resolutions.Count; r++)
                {
                    int resolution = resolutions[r];
                    int step = r;
                    var writer = new ResolutionGroupWriter(renderer, grid, numbers, safeRoot)
                    {
                        StripDone = (done, total) => progress?.Invoke($"rendering {resolution} m", (step + (double)done / total) / resolutions.Count),
                    };
                    var layers = ProductLayers.At(id.Layout, sensor, resolution);
                    bool finest = resolution == 10;
                    writer.Write(resolution, layers, finest ? statistics : null, finest ? labels : null, finest ? depth : null);
                }
                labels.SaveAs(labelPath, RasterFormat.GeoTiff, overwrite: true);
                depth?.SaveAs(depthPath!, RasterFormat.GeoTiff, overwrite: true);
            }

            progress?.Invoke("writing metadata", 1.0);
            Xml.Save(ProductMetadataXml.Build(id, grid, numbers, statistics, spec), Path.Combine(safeRoot, id.Layout.ProductMetadataPath));
            Xml.Save(TileMetadataXml.Build(id, grid, spec, statistics), Path.Combine(safeRoot, id.Layout.GranuleMetadataPath));
            Xml.Save(ManifestXml.Build(id, safeRoot), Path.Combine(safeRoot, SafeLayout.ManifestPath));

            string metadataPath;
            if (request.Zip)
            {
                var zipStaging = Path.Combine(staging, id.Name + ".zip");
                ZipFile.CreateFromDirectory(safeRoot, zipStaging, CompressionLevel.NoCompression, includeBaseDirectory: true);
                Replace(zipStaging, finalZip);
                metadataPath = $"/vsizip/{Path.GetFullPath(finalZip)}/{id.Name.SafeFolderName}/{id.Layout.ProductMetadataPath}";
            }
            else
            {
                Replace(safeRoot, finalSafe);
                metadataPath = Path.Combine(finalSafe, id.Layout.ProductMetadataPath);
            }
            return new SimulatedProduct(target, metadataPath, labelPath, spec, statistics, depthPath);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private static void CreateFolders(ProductIdentity id, string safeRoot)
    {
        var granule = Path.Combine(safeRoot, id.Layout.GranulePath);
        Directory.CreateDirectory(Path.Combine(granule, "QI_DATA"));
        Directory.CreateDirectory(Path.Combine(granule, "AUX_DATA"));
        if (id.Request.Level == ProductLevel.L1C) Directory.CreateDirectory(Path.Combine(granule, "IMG_DATA"));
        else foreach (var r in MsiResolution.All) Directory.CreateDirectory(Path.Combine(granule, "IMG_DATA", MsiResolution.L2AFolder(r)));
        Directory.CreateDirectory(Path.Combine(safeRoot, id.DatastripFolder, "QI_DATA"));
        Directory.CreateDirectory(Path.Combine(safeRoot, "AUX_DATA"));
        Directory.CreateDirectory(Path.Combine(safeRoot, "HTML"));
        Directory.CreateDirectory(Path.Combine(safeRoot, "rep_info"));
    }

    /// <summary>A one-band raster on the product's 10 m grid, for the truth layers written beside it.</summary>
    private static InMemoryRaster TenMetreRaster(ProductGrid grid, RasterDataType type)
    {
        var raster = new InMemoryRaster(grid.Size10m, grid.Size10m, 1, type);
        raster.GeoTransform = grid.TransformAt(10);
        raster.Crs = Crs.FromEpsg(grid.Epsg);
        return raster;
    }

    private static InMemoryRaster LabelRaster(ProductGrid grid)
    {
        var raster = TenMetreRaster(grid, RasterDataType.Byte);
        raster.SetDescription(1, "label");
        raster.SetMetadataItem("CLASSES", string.Join(",", MaskClasses.All.Select(c => $"{(int)c}={MaskClasses.Name(c)}")));
        raster.SetColorTable(1, Chips.LabelPalette.Table);
        return raster;
    }

    private static InMemoryRaster OpticalDepthRaster(ProductGrid grid)
    {
        var raster = TenMetreRaster(grid, RasterDataType.Float32);
        raster.SetDescription(1, "cloud_optical_depth");
        raster.SetMetadataItem("THIN_CLOUD_FROM", LabelRules.ThinCloudTau.ToString(System.Globalization.CultureInfo.InvariantCulture));
        raster.SetMetadataItem("CLOUD_FROM", LabelRules.ThickCloudTau.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return raster;
    }

    private static void Replace(string source, string destination)
    {
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        if (File.Exists(destination)) File.Delete(destination);
        if (Directory.Exists(source)) Directory.Move(source, destination);
        else File.Move(source, destination);
    }
}
