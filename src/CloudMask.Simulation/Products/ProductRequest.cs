using CloudMask.Sentinel2.Layout;
using CloudMask.Simulation.Scenes;

namespace CloudMask.Simulation.Products;

/// <summary>
/// What Sentinel-2 product to simulate. Unset parts are drawn from <paramref name="Seed"/>.
/// </summary>
/// <param name="Seed">Scene seed.</param>
/// <param name="Level">L1C (TOA, 13 bands) or L2A (BOA, 12 bands + AOT/WVP/SCL).</param>
/// <param name="Size">Width and height at 10 m: 1098 (a tenth of a tile) up to 10980 (a full tile). Must be a multiple of 6 so the 20 and 60 m grids align.</param>
/// <param name="Baseline">Processing baseline; from 04.00 DNs carry the +1000 offset (RADIO/BOA_ADD_OFFSET -1000). Default 05.09.</param>
/// <param name="Kind">Landscape; null: drawn from the seed.</param>
/// <param name="Regime">Cloud regime (<see cref="SceneSpecFactory.Regimes"/>); null: drawn.</param>
/// <param name="Sensing">Datatake start (UTC); default 2023-06-25 10:30:31 plus the seed in days.</param>
/// <param name="Tile">MGRS tile written into names and metadata; its UTM zone sets the CRS.</param>
/// <param name="PartialTileChance">Chance that the swath edge cuts the tile (no-data area, as at orbit edges).</param>
/// <param name="Zip">Also pack the .SAFE folder into NAME.zip (stored, JP2 does not compress further) and remove the folder.</param>
/// <param name="OpticalDepth">Also write NAME.optical-depth.tif beside the labels: each 10 m pixel's cloud optical
/// thickness along the view path, the quantity the labels are cut from (<see cref="Scenes.LabelRules"/>), so errors
/// can be looked at by how thin the cloud was. Float32, 4 bytes per pixel (480 MB in memory for a full tile).</param>
public sealed record ProductRequest(
    int Seed,
    ProductLevel Level = ProductLevel.L1C,
    int Size = 1098,
    ProcessingBaseline? Baseline = null,
    SceneKind? Kind = null,
    string? Regime = null,
    DateTime? Sensing = null,
    string Tile = "33UVP",
    double PartialTileChance = 0.25,
    bool Zip = false,
    bool OpticalDepth = false)
{
    public static ProcessingBaseline DefaultBaseline { get; } = new(5, 9);

    public ProcessingBaseline ResolvedBaseline => Baseline ?? DefaultBaseline;

    public DateTime ResolvedSensing => Sensing ?? new DateTime(2023, 6, 25, 10, 30, 31, DateTimeKind.Utc).AddDays(Math.Abs(Seed % 300));

    /// <summary>UTM zone number from the tile name (first two digits), 1..60.</summary>
    public int UtmZone => int.Parse(Tile[..2], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Northern hemisphere when the latitude band letter is N or later.</summary>
    public bool North => char.ToUpperInvariant(Tile[2]) >= 'N';

    public int Epsg => (North ? 32600 : 32700) + UtmZone;

    public void Validate()
    {
        if (Size < 6 || Size > 10980 || Size % 6 != 0)
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "Product size must be a multiple of 6 between 6 and 10980 (e.g. 1098, 5490, 10980).");
        if (Tile.Length != 5 || !char.IsDigit(Tile[0]) || !char.IsDigit(Tile[1]) || UtmZone is < 1 or > 60)
            throw new ArgumentException($"'{Tile}' is not an MGRS tile such as 33UVP.", nameof(Tile));
    }
}
