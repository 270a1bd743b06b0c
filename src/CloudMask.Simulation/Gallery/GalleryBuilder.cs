using CloudMask.Simulation.Chips;
using CloudMask.Simulation.Scenes;
using CloudMask.Simulation.Sensors;

namespace CloudMask.Simulation.Gallery;

/// <summary>
/// One gallery scene: what it shows and how it is made. The builder takes the first seed from
/// Request.Seed on whose scene the cloud fraction (semi-transparent + cloud) and the snow
/// fraction fall within the bounds, so each picture shows what its caption promises.
/// </summary>
public sealed record GalleryScene(string Name, string Caption, ChipRequest Request,
    double MinCloud = 0, double MaxCloud = 1, double MinSnow = 0, double MaxSnow = 1);

/// <summary>
/// The documentation gallery: thirteen scenes covering every landscape, every cloud regime and the
/// traps a mask must not fall into (snow, bright sand, white roofs, partial tiles), each written as
/// NAME.png (true colour) and NAME.label.png (labels).
/// </summary>
public static class GalleryBuilder
{
    public static IReadOnlyList<GalleryScene> Scenes { get; } =
    [
        new("01_agriculture_cumulus", "Farmland with fair-weather cumulus and their shadows", new(1101, 512, Kind: SceneKind.Agriculture, Regime: "cumulus", PartialTileChance: 0), MinCloud: 0.1, MaxCloud: 0.4),
        new("02_forest_broken", "Forest and lakes under broken cloud with some cirrus", new(1202, 512, Kind: SceneKind.Forest, Regime: "broken", PartialTileChance: 0), MinCloud: 0.3, MaxCloud: 0.7),
        new("03_desert_clear", "Desert dunes, clear sky: bright sand is not cloud", new(1303, 512, Kind: SceneKind.Desert, Regime: "clear", PartialTileChance: 0)),
        new("04_desert_cirrus", "Desert under thin cirrus streaks", new(1304, 512, Kind: SceneKind.Desert, Regime: "cirrus", PartialTileChance: 0), MinCloud: 0.2, MaxCloud: 0.7),
        new("05_urban_mixed", "City with white roofs, cumulus and cirrus", new(1405, 512, Kind: SceneKind.Urban, Regime: "mixed", PartialTileChance: 0), MinCloud: 0.2, MaxCloud: 0.6),
        new("06_coast_stratus", "Coast under a stratus deck", new(1506, 512, Kind: SceneKind.Coast, Regime: "stratus", PartialTileChance: 0), MinCloud: 0.3, MaxCloud: 0.75),
        new("07_snow_clear", "Snow-covered mountains and glaciers, clear: snow is not cloud", new(1607, 512, Kind: SceneKind.Snow, Regime: "clear", PartialTileChance: 0), MinSnow: 0.4, MaxSnow: 0.8),
        new("08_snow_cumulus", "Snow with cumulus: cloud over snow", new(1608, 512, Kind: SceneKind.Snow, Regime: "cumulus", PartialTileChance: 0), MinCloud: 0.15, MaxCloud: 0.5, MinSnow: 0.3),
        new("09_wetland_cirrus", "Wetland under cirrus", new(1709, 512, Kind: SceneKind.Wetland, Regime: "cirrus", PartialTileChance: 0), MinCloud: 0.2, MaxCloud: 0.7),
        new("10_mixed_overcast", "Mixed landscape, nearly overcast with gaps", new(1810, 512, Kind: SceneKind.Mixed, Regime: "overcast", PartialTileChance: 0), MinCloud: 0.6, MaxCloud: 0.9),
        new("11_agriculture_partial", "Partial tile: the swath edge leaves no data (label 0)", new(1911, 512, Kind: SceneKind.Agriculture, Regime: "broken", PartialTileChance: 1), MinCloud: 0.15, MaxCloud: 0.6),
        new("12_landsat8_forest", "Landsat 8 OLI at 30 m: forest with cumulus", new(2012, 512, Sensor: SimulatedSensor.Landsat8Oli, Kind: SceneKind.Forest, Regime: "cumulus", PartialTileChance: 0), MinCloud: 0.1, MaxCloud: 0.5),
        new("13_agriculture_veil", "Farmland under a translucent veil: thin cloud from edge to edge, the fields still show", new(2113, 512, Kind: SceneKind.Agriculture, Regime: "veil", PartialTileChance: 0), MinCloud: 0.5, MaxCloud: 1.0),
    ];

    /// <summary>Renders every gallery scene into <paramref name="outputDirectory"/>; returns the scenes written.</summary>
    public static IReadOnlyList<GalleryScene> Write(string outputDirectory, bool overwrite = true, Action<GalleryScene>? written = null)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var scene in Scenes)
        {
            var chip = ChipGenerator.Generate(scene.Request with { Seed = FirstFittingSeed(scene) }, parallel: true);
            PreviewWriter.WriteTrueColour(chip.Raster, chip.Sensor, Path.Combine(outputDirectory, scene.Name + ".png"), overwrite);
            PreviewWriter.WriteLabels(chip.Raster, Path.Combine(outputDirectory, scene.Name + ".label.png"), overwrite);
            written?.Invoke(scene);
        }
        return Scenes;
    }

    /// <summary>Tries seeds from the request's on a cheap 64 x 64 preview until the scene fits its bounds.</summary>
    public static int FirstFittingSeed(GalleryScene scene, int attempts = 300)
    {
        var request = scene.Request;
        double pixel = request.ResolvedPixelSizeM * request.Size / 64.0;
        for (int seed = request.Seed; seed < request.Seed + attempts; seed++)
        {
            var spec = SceneSpecFactory.Draw(seed, request.Size * request.ResolvedPixelSizeM, request.Kind, request.Regime, request.PartialTileChance);
            var preview = new SceneRenderer(spec, request.ResolvedSensor, request.Level, addNoise: false)
                .Render(RenderWindow.Whole(64, 64, pixel), parallel: true, bands: []);
            var fractions = preview.LabelFractions();
            double cloud = fractions[LabelCodes.SemiTransparent] + fractions[LabelCodes.Cloud];
            double snow = preview.Cover.Count(c => c is Surface.LandCover.Snow or Surface.LandCover.Ice) / (double)preview.Cover.Length;
            if (cloud >= scene.MinCloud && cloud <= scene.MaxCloud && snow >= scene.MinSnow && snow <= scene.MaxSnow) return seed;
        }
        return request.Seed;
    }
}
