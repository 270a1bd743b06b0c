namespace CloudMask.Masking.Cover;

/// <summary>Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii 2007), for the inducing points' start.</summary>
public static class KMeans
{
    /// <summary>k centroids (k x d row-major) of n points (n x d row-major).</summary>
    public static double[] Centroids(ReadOnlySpan<double> points, int n, int d, int k, Random random, int iterations = 50)
    {
        if (n < k) throw new ArgumentException($"{n} points cannot give {k} centroids");
        var x = points.ToArray();
        var centroids = new double[k * d];
        // k-means++: each next centre drawn with probability proportional to the squared distance to the nearest chosen one.
        var first = random.Next(n);
        Array.Copy(x, first * d, centroids, 0, d);
        var nearest = new double[n];
        for (var i = 0; i < n; i++) nearest[i] = Distance2(x, i, centroids, 0, d);
        for (var c = 1; c < k; c++)
        {
            var total = nearest.Sum();
            var pick = random.NextDouble() * total;
            var chosen = n - 1;
            for (var i = 0; i < n; i++)
            {
                pick -= nearest[i];
                if (pick <= 0) { chosen = i; break; }
            }
            Array.Copy(x, chosen * d, centroids, c * d, d);
            for (var i = 0; i < n; i++) nearest[i] = Math.Min(nearest[i], Distance2(x, i, centroids, c, d));
        }
        var assignment = new int[n];
        for (var it = 0; it < iterations; it++)
        {
            var changed = false;
            for (var i = 0; i < n; i++)
            {
                int best = 0;
                var bestDistance = double.MaxValue;
                for (var c = 0; c < k; c++)
                {
                    var dist = Distance2(x, i, centroids, c, d);
                    if (dist < bestDistance) (best, bestDistance) = (c, dist);
                }
                if (assignment[i] != best || it == 0) { changed |= assignment[i] != best; assignment[i] = best; }
            }
            var sums = new double[k * d];
            var counts = new int[k];
            for (var i = 0; i < n; i++)
            {
                counts[assignment[i]]++;
                for (var j = 0; j < d; j++) sums[assignment[i] * d + j] += x[i * d + j];
            }
            for (var c = 0; c < k; c++)
                if (counts[c] > 0)
                    for (var j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] / counts[c];
            if (!changed && it > 0) break;
        }
        return centroids;
    }

    private static double Distance2(double[] x, int i, double[] c, int j, int d)
    {
        double sum = 0;
        for (var t = 0; t < d; t++)
        {
            var diff = x[i * d + t] - c[j * d + t];
            sum += diff * diff;
        }
        return sum;
    }
}
