using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Products;

/// <summary>A simulated product on disk.</summary>
/// <param name="ProductPath">The .SAFE folder, or the .zip when zipped.</param>
/// <param name="MetadataPath">MTD_MSIL1C.xml / MTD_MSIL2A.xml inside the folder (a /vsizip/ path for zips): what GDAL opens.</param>
/// <param name="LabelPath">NAME.label.tif beside the product: the exact 10 m labels (codes 0-4).</param>
/// <param name="Spec">The scene that was simulated.</param>
/// <param name="Statistics">Label and land-cover percentages.</param>
/// <param name="OpticalDepthPath">NAME.optical-depth.tif when asked for (<see cref="ProductRequest.OpticalDepth"/>), else null.</param>
public sealed record SimulatedProduct(string ProductPath, string MetadataPath, string LabelPath, SceneSpec Spec, ProductStatistics Statistics,
    string? OpticalDepthPath = null);
