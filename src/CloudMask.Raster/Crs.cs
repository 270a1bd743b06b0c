using CloudMask.Raster.Native;

namespace CloudMask.Raster;

/// <summary>Helpers for coordinate reference systems, which this library passes around as WKT.</summary>
public static class Crs
{
    /// <summary>WKT of an EPSG code, e.g. 32633 for UTM 33N.</summary>
    public static string FromEpsg(int epsg)
    {
        GdalLibrary.EnsureInitialized();
        var srs = GdalNative.OSRNewSpatialReference(null);
        try
        {
            if (GdalNative.OSRImportFromEPSG(srs, epsg) != 0)
                throw new ArgumentException($"EPSG:{epsg} is not a CRS GDAL knows", nameof(epsg));
            return ExportWkt(srs);
        }
        finally { GdalNative.OSRDestroySpatialReference(srs); }
    }

    /// <summary>A short name for people: "EPSG:32633 (WGS 84 / UTM zone 33N)", or the CRS name, or null for none.</summary>
    public static string? Describe(string? wkt)
    {
        if (string.IsNullOrWhiteSpace(wkt)) return null;
        GdalLibrary.EnsureInitialized();
        var srs = GdalNative.OSRNewSpatialReference(wkt);
        if (srs == IntPtr.Zero) { GdalErrors.Reset(); return "unrecognised CRS"; }
        try
        {
            var name = GdalNative.ReadString(GdalNative.OSRGetName(srs));
            GdalNative.OSRAutoIdentifyEPSG(srs);
            var authority = GdalNative.ReadString(GdalNative.OSRGetAuthorityName(srs, IntPtr.Zero));
            var code = GdalNative.ReadString(GdalNative.OSRGetAuthorityCode(srs, IntPtr.Zero));
            GdalErrors.Reset();
            return authority is null || code is null ? name : $"{authority}:{code} ({name})";
        }
        finally { GdalNative.OSRDestroySpatialReference(srs); }
    }

    /// <summary>The EPSG code of a CRS if GDAL can identify it.</summary>
    public static int? EpsgCode(string? wkt) => WithSrs<int?>(wkt, null, srs =>
    {
        GdalNative.OSRAutoIdentifyEPSG(srs);
        var authority = GdalNative.ReadString(GdalNative.OSRGetAuthorityName(srs, IntPtr.Zero));
        var code = GdalNative.ReadString(GdalNative.OSRGetAuthorityCode(srs, IntPtr.Zero));
        GdalErrors.Reset();
        return authority == "EPSG" && int.TryParse(code, out var epsg) ? epsg : null;
    });

    /// <summary>The linear unit name of a projected CRS ("metre"), "degree" for geographic, null for none.</summary>
    public static unsafe string? LinearUnit(string? wkt) => WithSrs(wkt, null, srs =>
    {
        if (GdalNative.OSRIsProjected(srs) == 0) return "degree";
        IntPtr unit;
        GdalNative.OSRGetLinearUnits(srs, &unit);
        return GdalNative.ReadString(unit);
    });

    /// <summary>
    /// The CRS as a PROJ.4 string ("+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs"), for tools
    /// that only read that form (proj4js in the browser); null for none or a CRS PROJ.4 cannot express.
    /// </summary>
    public static unsafe string? ToProj4(string? wkt) => WithSrs(wkt, null, srs =>
    {
        IntPtr text;
        var failed = GdalNative.OSRExportToProj4(srs, &text) != 0;
        try
        {
            var proj4 = GdalNative.ReadString(text);
            GdalErrors.Reset();
            return failed || string.IsNullOrWhiteSpace(proj4) ? null : proj4.Trim();
        }
        finally { GdalNative.VSIFree(text); }
    });

    /// <summary>Runs <paramref name="read"/> on the spatial reference of <paramref name="wkt"/>; <paramref name="none"/> when there is none or GDAL cannot parse it.</summary>
    private static T WithSrs<T>(string? wkt, T none, Func<IntPtr, T> read)
    {
        if (string.IsNullOrWhiteSpace(wkt)) return none;
        GdalLibrary.EnsureInitialized();
        var srs = GdalNative.OSRNewSpatialReference(wkt);
        if (srs == IntPtr.Zero) { GdalErrors.Reset(); return none; }
        try { return read(srs); }
        finally { GdalNative.OSRDestroySpatialReference(srs); }
    }

    /// <summary>
    /// Longitude and latitude (WGS 84, degrees) of points given in the CRS <paramref name="wkt"/>
    /// (for bounding boxes in catalogues, which are always in WGS 84).
    /// </summary>
    /// <exception cref="ArgumentException">the CRS is not one GDAL can transform from.</exception>
    public static unsafe (double Lon, double Lat)[] ToLonLat(string wkt, IReadOnlyList<(double X, double Y)> points)
    {
        GdalLibrary.EnsureInitialized();
        var source = GdalNative.OSRNewSpatialReference(wkt);
        if (source == IntPtr.Zero) { GdalErrors.Reset(); throw new ArgumentException("the CRS is not one GDAL understands", nameof(wkt)); }
        var target = GdalNative.OSRNewSpatialReference(null);
        var transformation = IntPtr.Zero;
        try
        {
            GdalNative.OSRImportFromEPSG(target, 4326);
            const int traditionalGisOrder = 0; // x = longitude, y = latitude, whatever the CRS's own axis order
            GdalNative.OSRSetAxisMappingStrategy(source, traditionalGisOrder);
            GdalNative.OSRSetAxisMappingStrategy(target, traditionalGisOrder);
            transformation = GdalNative.OCTNewCoordinateTransformation(source, target);
            if (transformation == IntPtr.Zero) { GdalErrors.Reset(); throw new ArgumentException("no transformation from the CRS to WGS 84", nameof(wkt)); }
            var x = points.Select(p => p.X).ToArray();
            var y = points.Select(p => p.Y).ToArray();
            fixed (double* px = x, py = y)
                if (GdalNative.OCTTransform(transformation, x.Length, px, py, null) == 0)
                {
                    GdalErrors.Reset();
                    throw new ArgumentException("points could not be transformed to WGS 84", nameof(points));
                }
            return x.Select((lon, i) => (lon, y[i])).ToArray();
        }
        finally
        {
            if (transformation != IntPtr.Zero) GdalNative.OCTDestroyCoordinateTransformation(transformation);
            GdalNative.OSRDestroySpatialReference(target);
            GdalNative.OSRDestroySpatialReference(source);
        }
    }

    private static unsafe string ExportWkt(IntPtr srs)
    {
        IntPtr wkt;
        GdalNative.OSRExportToWkt(srs, &wkt);
        try { return GdalNative.ReadString(wkt) ?? ""; }
        finally { GdalNative.VSIFree(wkt); }
    }
}
