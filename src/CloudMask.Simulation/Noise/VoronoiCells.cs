namespace CloudMask.Simulation.Noise;

/// <summary>
/// Jittered-grid Voronoi partition: which cell a point falls into and how far it is from the
/// cell's border. Crop fields and city blocks are cells; borders become hedges and roads.
/// </summary>
internal static class VoronoiCells
{
    /// <summary>The nearest jittered site to (x, y) in cell units.</summary>
    /// <returns>A stable id for the cell and the distance to the nearest border (cell units, approximate).</returns>
    public static (uint CellId, float BorderDistance) Locate(uint seed, double x, double y)
    {
        int cx = (int)Math.Floor(x), cy = (int)Math.Floor(y);
        double best = double.MaxValue, second = double.MaxValue;
        int bestX = 0, bestY = 0;
        for (int j = -1; j <= 1; j++)
        for (int i = -1; i <= 1; i++)
        {
            int gx = cx + i, gy = cy + j;
            // Jitter kept inside 0.1..0.9 of the cell so cells never degenerate.
            double sx = gx + 0.1 + 0.8 * LatticeHash.Unit(seed, gx, gy);
            double sy = gy + 0.1 + 0.8 * LatticeHash.Unit(seed ^ 0x5bd1e995u, gx, gy);
            double d = (sx - x) * (sx - x) + (sy - y) * (sy - y);
            if (d < best) { second = best; best = d; bestX = gx; bestY = gy; }
            else if (d < second) second = d;
        }
        // Half the difference of the distances to the two nearest sites approximates the
        // distance to the bisector between them, i.e. the field border.
        float border = (float)((Math.Sqrt(second) - Math.Sqrt(best)) * 0.5);
        return (LatticeHash.Hash(seed ^ 0x68e31da4u, bestX, bestY), border);
    }
}
