using CloudMask.Masking.Cover;

namespace CloudMask.Masking.Tests.Cover;

public class GaussianProcessTests
{
    private static double[] Uniform(Random random, int count, double low = 0, double high = 1) =>
        Enumerable.Range(0, count).Select(_ => low + (high - low) * random.NextDouble()).ToArray();

    private static SvgpHead RandomHead(Random random, int m, int d)
    {
        var head = new SvgpHead(Uniform(random, m * d), m, d)
        {
            LogLengthScale = Math.Log(0.7), LogSignalVariance = Math.Log(1.3), LogNoiseVariance = Math.Log(0.2),
        };
        for (var i = 0; i < m; i++) head.Mu[i] = random.NextDouble() - 0.5;
        for (var r = 0; r < m; r++)
            for (var c = 0; c <= r; c++) head.Lq[r * m + c] = r == c ? 0.5 + random.NextDouble() : 0.2 * (random.NextDouble() - 0.5);
        return head;
    }

    [Fact]
    public void Svgp_gradients_match_finite_differences()
    {
        var random = new Random(5);
        const int m = 5, d = 3, n = 7, datasetSize = 50;
        var head = RandomHead(random, m, d);
        var x = Uniform(random, n * d);
        var y = Uniform(random, n, -1, 1);
        var (_, grads, dx) = head.LossAndGradients(x, y, n, datasetSize);
        double Loss() => head.LossAndGradients(x, y, n, datasetSize).Loss;
        const double h = 1e-6;

        void Check(string name, double analytic, Func<double> get, Action<double> set)
        {
            var saved = get();
            set(saved + h);
            var plus = Loss();
            set(saved - h);
            var minus = Loss();
            set(saved);
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic) <= 1e-5 + 1e-4 * Math.Abs(numeric), $"{name}: analytic {analytic}, numeric {numeric}");
        }

        for (var i = 0; i < x.Length; i++) { var k = i; Check($"x[{k}]", dx[k], () => x[k], v => x[k] = v); }
        for (var i = 0; i < head.Z.Length; i++) { var k = i; Check($"Z[{k}]", grads.Z[k], () => head.Z[k], v => head.Z[k] = v); }
        for (var i = 0; i < m; i++) { var k = i; Check($"mu[{k}]", grads.Mu[k], () => head.Mu[k], v => head.Mu[k] = v); }
        for (var r = 0; r < m; r++)
            for (var c = 0; c <= r; c++) { var k = r * m + c; Check($"Lq[{r},{c}]", grads.Lq[k], () => head.Lq[k], v => head.Lq[k] = v); }
        Check("log l", grads.LogLengthScale, () => head.LogLengthScale, v => head.LogLengthScale = v);
        Check("log s2", grads.LogSignalVariance, () => head.LogSignalVariance, v => head.LogSignalVariance = v);
        Check("log noise", grads.LogNoiseVariance, () => head.LogNoiseVariance, v => head.LogNoiseVariance = v);
    }

    [Fact]
    public void Svgp_with_inducing_points_at_the_data_and_exact_posterior_matches_exact_gp()
    {
        // With Z = X, q(v) the exact posterior of the whitened variables, the SVGP predictive equals the exact GP's.
        var random = new Random(2);
        const int n = 6, d = 2;
        var x = Uniform(random, n * d);
        var y = Uniform(random, n, -1, 1);
        double l = 0.6, s2 = 1.1, noise = 0.05;
        var head = new SvgpHead(x, n, d) { LogLengthScale = Math.Log(l), LogSignalVariance = Math.Log(s2), LogNoiseVariance = Math.Log(noise) };
        // Posterior of v for K = L L^T (L from Kzz with the head's jitter): cov = (I + L^T L / noise)^-1, mean = cov L^T y / noise.
        var kzz = RbfKernel.FromSquaredDistances(RbfKernel.SquaredDistances(x, n, x, n, d), l, s2);
        for (var i = 0; i < n; i++) kzz[i, i] += SvgpHead.Jitter;
        var lz = kzz.Cholesky().Factor;
        var precision = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(n) + lz.TransposeThisAndMultiply(lz) / noise;
        var cov = precision.Inverse();
        var mean = cov * lz.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(y)) / noise;
        var lq = cov.Cholesky().Factor;
        for (var r = 0; r < n; r++)
        {
            head.Mu[r] = mean[r];
            for (var c = 0; c < n; c++) head.Lq[r * n + c] = c <= r ? lq[r, c] : 0;
        }
        var exact = new ExactGp { LogLengthScale = Math.Log(l), LogSignalVariance = Math.Log(s2), LogNoiseVariance = Math.Log(noise) };
        exact.Fit(x, y, d, iterations: 0);
        var test = Uniform(random, 4 * d);
        var (sm, sv) = head.Predict(test, 4);
        var (em, ev) = exact.Predict(test, 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(em[i], sm[i], 3);
            Assert.Equal(ev[i], sv[i], 3);
        }
    }

    [Fact]
    public void Exact_gp_gradient_matches_finite_differences()
    {
        var random = new Random(4);
        const int n = 9, d = 2;
        var x = Uniform(random, n * d);
        var y = Uniform(random, n, -1, 1);
        var gp = new ExactGp { LogLengthScale = Math.Log(0.5), LogSignalVariance = Math.Log(0.8), LogNoiseVariance = Math.Log(0.1) };
        var (_, gradient) = gp.NegativeLogMarginalLikelihood(x, y, n, d);
        const double h = 1e-6;
        var setters = new (Func<double> Get, Action<double> Set)[]
        {
            (() => gp.LogLengthScale, v => gp.LogLengthScale = v),
            (() => gp.LogSignalVariance, v => gp.LogSignalVariance = v),
            (() => gp.LogNoiseVariance, v => gp.LogNoiseVariance = v),
        };
        for (var p = 0; p < 3; p++)
        {
            var saved = setters[p].Get();
            setters[p].Set(saved + h);
            var plus = gp.NegativeLogMarginalLikelihood(x, y, n, d).Value;
            setters[p].Set(saved - h);
            var minus = gp.NegativeLogMarginalLikelihood(x, y, n, d).Value;
            setters[p].Set(saved);
            Assert.Equal((plus - minus) / (2 * h), gradient[p], 5);
        }
    }

    [Fact]
    public void Exact_gp_learns_a_smooth_function_and_its_noise()
    {
        var random = new Random(7);
        const int n = 120;
        var x = Uniform(random, n, -3, 3);
        var noiseSd = 0.1;
        var y = x.Select(v => Math.Sin(v) + noiseSd * Normal(random)).ToArray();
        var gp = new ExactGp();
        gp.Fit(x, y, 1, iterations: 150);
        Assert.InRange(Math.Sqrt(gp.NoiseVariance), 0.05, 0.2);
        var (mean, variance) = gp.Predict(new[] { -2.0, 0.5, 2.5 }, 3);
        Assert.Equal(Math.Sin(-2.0), mean[0], 1);
        Assert.Equal(Math.Sin(0.5), mean[1], 1);
        Assert.Equal(Math.Sin(2.5), mean[2], 1);
        Assert.All(variance, v => Assert.InRange(v, 0, 0.05));
        // Far from the data the latent variance returns towards the prior's.
        var (_, far) = gp.Predict(new[] { 30.0 }, 1);
        Assert.Equal(gp.SignalVariance, far[0], 3);
    }

    [Fact]
    public void KMeans_finds_separated_clusters()
    {
        var random = new Random(1);
        var centres = new[] { (0.0, 0.0), (5.0, 5.0), (0.0, 5.0) };
        var points = new List<double>();
        for (var i = 0; i < 90; i++)
        {
            var (cx, cy) = centres[i % 3];
            points.Add(cx + 0.1 * Normal(random));
            points.Add(cy + 0.1 * Normal(random));
        }
        var found = KMeans.Centroids(points.ToArray(), 90, 2, 3, new Random(3));
        foreach (var (cx, cy) in centres)
            Assert.Contains(Enumerable.Range(0, 3), k => Math.Abs(found[2 * k] - cx) < 0.1 && Math.Abs(found[2 * k + 1] - cy) < 0.1);
    }

    [Fact]
    public void Intervals_coverage_and_nll_follow_the_gaussian()
    {
        var estimate = new CoverEstimate(50, 10);
        var (lo, hi) = estimate.Interval(0.9);
        Assert.Equal(50 - 16.448536, lo, 4);
        Assert.Equal(50 + 16.448536, hi, 4);
        Assert.Equal((0.0, 100.0), new CoverEstimate(50, 100).Interval(0.9));
        Assert.Equal(0.5 * Math.Log(2 * Math.PI * 100) + 0.5, estimate.NegativeLogLikelihood(60), 9);
        // Truths 0, 10, 20 around estimate 0 with sd 10: |z| = 0, 1, 2; inside the 50 % interval (|z| <= 0.674): one of three.
        var metrics = CoverMetrics.Compute("m", "d", [new(0, 10), new(0, 10), new(0, 10)], [0, 10, 20]);
        Assert.Equal(1 / 3.0, metrics.Coverage50, 9);
        Assert.Equal(2 / 3.0, metrics.Coverage80, 9); // |z| <= 1.2816
        Assert.Equal(2 / 3.0, metrics.Coverage90, 9); // |z| <= 1.6449
        Assert.Equal(10, metrics.Mae, 9);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
