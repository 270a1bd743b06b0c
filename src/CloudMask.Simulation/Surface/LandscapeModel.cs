using CloudMask.Simulation.Noise;

namespace CloudMask.Simulation.Surface;

/// <summary>
/// The land-cover map of a scene as a pure function of ground position (metres). Large-scale
/// fBm fields decide where water, snow, towns, forests and farmland lie; Voronoi cells cut
/// farmland into fields and towns into blocks; fine noise adds texture inside each class.
/// </summary>
internal sealed class LandscapeModel
{
    /// <summary>Grid spacing that keeps the large-scale fields exact to the eye: their finest octave is over 200 m.</summary>
    public const double GridStepM = 40;

    // Feature sizes in metres: the scale of the largest structures of each field.
    private const double ElevationScale = 7000, UrbanScale = 3500, CropScale = 5000, ForestScale = 2500, BareScale = 1800, ConiferScale = 1500;
    private const double FieldCellSize = 420, BlockCellSize = 110;
    // Regional structure: a 40 km field mixed into every large-scale field, so that a full
    // 110 km tile has regions (a lake district, a mountain range, a farming plain) instead of
    // the same texture everywhere.
    private const double RegionScale = 40000, RegionalShare = 0.35;
    // Share of forest that is needle-leaf. Stands of a few km, and the regional term makes some
    // regions boreal and others broadleaf, as real tiles are.
    private const double ConiferShare = 0.45;

    private readonly uint _elevation, _urban, _crops, _forest, _bare, _texture, _fields, _blocks, _conifer;
    private readonly float _waterBelow, _wetBelow, _snowAbove, _iceAbove, _urbanAbove, _cropsAbove, _forestAbove, _bareAbove, _coniferAbove;
    private readonly bool _sand, _arid;

    public LandscapeModel(uint seed, LandscapeRecipe recipe)
    {
        _elevation = LatticeHash.Derive(seed, 1);
        _urban = LatticeHash.Derive(seed, 2);
        _crops = LatticeHash.Derive(seed, 3);
        _forest = LatticeHash.Derive(seed, 4);
        _bare = LatticeHash.Derive(seed, 5);
        _texture = LatticeHash.Derive(seed, 6);
        _fields = LatticeHash.Derive(seed, 7);
        _blocks = LatticeHash.Derive(seed, 8);
        _conifer = LatticeHash.Derive(seed, 9);
        _sand = recipe.DesertSand;
        _arid = recipe.Arid;

        const double extent = 110_000; // sample thresholds over a full tile's worth of ground
        uint q = LatticeHash.Derive(seed, 99);
        _waterBelow = FieldQuantiles.Threshold(Elevation, recipe.Water, q, extent);
        _wetBelow = FieldQuantiles.Threshold(Elevation, recipe.Water + recipe.Wetland, q, extent);
        _snowAbove = FieldQuantiles.Threshold(Elevation, 1 - recipe.Snow, q, extent);
        _iceAbove = FieldQuantiles.Threshold(Elevation, 1 - recipe.Snow * 0.2, q, extent);
        _urbanAbove = FieldQuantiles.Threshold((x, y) => Large(_urban, x, y, UrbanScale), 1 - recipe.Urban, q, extent);
        _cropsAbove = FieldQuantiles.Threshold((x, y) => Large(_crops, x, y, CropScale), 1 - recipe.Crops, q, extent);
        _forestAbove = FieldQuantiles.Threshold((x, y) => Large(_forest, x, y, ForestScale), 1 - recipe.Forest, q, extent);
        _bareAbove = FieldQuantiles.Threshold((x, y) => Large(_bare, x, y, BareScale), 1 - recipe.Bare, q, extent);
        _coniferAbove = FieldQuantiles.Threshold(Conifer, 1 - ConiferShare, q, extent);
    }

    /// <summary>The smooth large-scale fields at (x, y), evaluated directly.</summary>
    public LandscapeFields Fields(double x, double y) => new(
        Elevation(x, y), Large(_urban, x, y, UrbanScale), Large(_forest, x, y, ForestScale),
        Large(_crops, x, y, CropScale), Large(_bare, x, y, BareScale), Conifer(x, y));

    public SurfacePixel At(double x, double y) => At(x, y, Fields(x, y));

    /// <summary>The ground at (x, y), given the large-scale fields there (direct or from a grid).</summary>
    public SurfacePixel At(double x, double y, in LandscapeFields fields)
    {
        float e = fields.Elevation;
        float fine = ValueNoise.Fbm(_texture, x / 45.0, y / 45.0, 2);
        if (e < _waterBelow) return WaterAt(x, y);
        if (e > _iceAbove) return new SurfacePixel(LandCover.Ice, LandCover.Snow, 0.5f * fine, 1f);
        if (e > _snowAbove)
        {
            // Rock outcrops show through thinner snow near the snow line.
            float rock = Math.Clamp((fine - 0.55f) * 2f, 0f, 0.3f);
            return new SurfacePixel(LandCover.Snow, LandCover.BareSoil, rock, 0.9f + 0.15f * fine);
        }
        if (e < _wetBelow) return new SurfacePixel(LandCover.Wetland, LandCover.Water, Math.Clamp((fine - 0.4f) * 2f, 0f, 0.7f), 1f);
        if (fields.Urban > _urbanAbove) return UrbanAt(x, y);
        if (fields.Forest > _forestAbove)
            return new SurfacePixel(fields.Conifer > _coniferAbove ? LandCover.Conifer : LandCover.Forest, LandCover.Vegetation, Math.Clamp((fine - 0.6f) * 2f, 0f, 1f), 0.8f + 0.4f * fine);
        if (fields.Crops > _cropsAbove) return FieldAt(x, y);
        if (fields.Bare > _bareAbove) return BareAt(x, y, fine);
        if (_arid) return new SurfacePixel(LandCover.BareSoil, LandCover.Vegetation, 0.15f * fine, 0.9f + 0.4f * fine); // rock, scrub
        return new SurfacePixel(LandCover.Vegetation, LandCover.BareSoil, Math.Clamp((fine - 0.5f) * 0.8f, 0f, 0.3f), 0.85f + 0.3f * fine);
    }

    public float Elevation(double x, double y) => Regional(_elevation, x, y, ValueNoise.Fbm(_elevation, x / ElevationScale, y / ElevationScale, 6));

    public float Urban(double x, double y) => Large(_urban, x, y, UrbanScale);
    public float Forest(double x, double y) => Large(_forest, x, y, ForestScale);
    public float Crops(double x, double y) => Large(_crops, x, y, CropScale);
    public float Bare(double x, double y) => Large(_bare, x, y, BareScale);
    public float Conifer(double x, double y) => Large(_conifer, x, y, ConiferScale);

    private static float Large(uint seed, double x, double y, double scale) => Regional(seed, x, y, ValueNoise.Fbm(seed, x / scale, y / scale, 4));

    private static float Regional(uint seed, double x, double y, float local) =>
        (float)((1 - RegionalShare) * local + RegionalShare * ValueNoise.Fbm(seed ^ 0xBEEFu, x / RegionScale, y / RegionScale, 2));

    private SurfacePixel WaterAt(double x, double y)
    {
        // Suspended sediment: a little soil signal in patches, capped so NIR stays dark.
        float sediment = Math.Clamp((ValueNoise.Fbm(_texture ^ 0x51u, x / 2500.0, y / 2500.0, 3) - 0.5f) * 0.3f, 0f, 0.06f);
        return new SurfacePixel(LandCover.Water, LandCover.BareSoil, sediment, 1f);
    }

    private SurfacePixel BareAt(double x, double y, float fine)
    {
        if (_sand)
        {
            // Dunes: ridges from stretched noise give the streaky look of sand seas.
            float ridge = ValueNoise.Sample(_texture ^ 0x77u, x / 900.0, y / 140.0);
            return SurfacePixel.Pure(LandCover.Sand, 0.85f + 0.3f * ridge + 0.05f * fine);
        }
        return new SurfacePixel(LandCover.BareSoil, LandCover.Vegetation, Math.Clamp((fine - 0.55f), 0f, 0.3f), 0.7f + 0.6f * fine);
    }

    private SurfacePixel FieldAt(double x, double y)
    {
        var (cell, border) = VoronoiCells.Locate(_fields, x / FieldCellSize, y / FieldCellSize);
        if (border < 0.025f) return new SurfacePixel(LandCover.Vegetation, LandCover.Forest, 0.5f, 1f); // hedges and tracks
        float state = (cell & 0xFFFF) / 65536f;
        float variety = ((cell >> 16) & 0xFFFF) / 65536f;
        float rows = 0.95f + 0.1f * ValueNoise.Sample(_texture ^ 0x13u, x / 25.0, y / 25.0);
        if (_sand) return new SurfacePixel(LandCover.Crops, LandCover.Sand, 0.4f * variety, rows); // irrigated plots
        if (state < 0.55f) return new SurfacePixel(LandCover.Crops, LandCover.BareSoil, 0.35f * variety, rows);  // green crop
        if (state < 0.8f) return new SurfacePixel(LandCover.BareSoil, LandCover.Crops, 0.1f * variety, (0.75f + 0.5f * variety) * rows); // ploughed
        return new SurfacePixel(LandCover.BareSoil, LandCover.Crops, 0.35f + 0.2f * variety, 1.05f * rows); // ripe or stubble
    }

    private SurfacePixel UrbanAt(double x, double y)
    {
        var (block, border) = VoronoiCells.Locate(_blocks, x / BlockCellSize, y / BlockCellSize);
        if (border < 0.07f) return SurfacePixel.Pure(LandCover.Urban, 0.55f); // asphalt roads
        float kind = (block & 0xFFFF) / 65536f;
        float material = ((block >> 16) & 0xFFFF) / 65536f;
        if (kind < 0.15f) return new SurfacePixel(LandCover.Vegetation, LandCover.Urban, 0.2f, 1f); // parks
        if (kind > 0.97f) return SurfacePixel.Pure(LandCover.Urban, 1.7f + 0.6f * material);       // white roofs: a false-cloud trap
        return new SurfacePixel(LandCover.Urban, LandCover.Vegetation, 0.3f * material, 0.65f + 0.8f * material);
    }
}
