using MathNet.Numerics.LinearAlgebra;

namespace CloudMask.Masking.Cover;

/// <summary>
/// Exact Gaussian-process regression with an RBF kernel and Gaussian noise on fixed feature
/// vectors (Rasmussen and Williams 2006, ch. 2 and 5). The length scale, signal variance and
/// noise variance maximise the log marginal likelihood
/// log p(y) = -y^T K^-1 y / 2 - log|K| / 2 - n log(2π) / 2, K = Kf + σ² I, by Adam steps on their
/// logarithms with the gradient tr((αα^T - K^-1) dK/dθ) / 2, α = K^-1 y.
/// </summary>
public sealed class ExactGp
{
    private double[] trainX = [];
    private Vector<double>? alpha;
    private MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? cholesky;

    public double LogLengthScale { get; set; }
    public double LogSignalVariance { get; set; }
    public double LogNoiseVariance { get; set; } = Math.Log(0.1);
    public int Dimension { get; private set; }
    public int Count { get; private set; }

    public double LengthScale => Math.Exp(LogLengthScale);
    public double SignalVariance => Math.Exp(LogSignalVariance);
    public double NoiseVariance => Math.Exp(LogNoiseVariance);

    /// <summary>The negative log marginal likelihood per datum at the current hyper-parameters and its gradient
    /// (log length scale, log signal variance, log noise variance).</summary>
    public (double Value, double[] Gradient) NegativeLogMarginalLikelihood(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, int d)
    {
        var r2 = RbfKernel.SquaredDistances(x, n, x, n, d);
        return Nlml(r2, Vector<double>.Build.Dense(y.ToArray()));
    }

    private (double Value, double[] Gradient) Nlml(Matrix<double> r2, Vector<double> y)
    {
        var n = y.Count;
        var kf = RbfKernel.FromSquaredDistances(r2, LengthScale, SignalVariance);
        var k = kf.Clone();
        for (var i = 0; i < n; i++) k[i, i] += NoiseVariance;
        var chol = k.Cholesky();
        var a = chol.Solve(y);
        double logDet = 0;
        for (var i = 0; i < n; i++) logDet += Math.Log(chol.Factor[i, i]);
        var value = (0.5 * y.DotProduct(a) + logDet + 0.5 * n * Math.Log(2 * Math.PI)) / n;
        // W = K^-1 - αα^T; d(nlml)/dθ = tr(W dK/dθ) / 2.
        var w = chol.Solve(Matrix<double>.Build.DenseIdentity(n)) - a.OuterProduct(a);
        double gLength = 0, gSignal = 0, gNoise = 0, l2 = LengthScale * LengthScale;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var wk = w[i, j] * kf[i, j];
                gSignal += wk;
                gLength += wk * r2[i, j] / l2;
            }
        for (var i = 0; i < n; i++) gNoise += w[i, i] * NoiseVariance;
        return (value, [0.5 * gLength / n, 0.5 * gSignal / n, 0.5 * gNoise / n]);
    }

    /// <summary>Learns the hyper-parameters on (x, y) by marginal likelihood and conditions on the data.
    /// Returns the final negative log marginal likelihood per datum.</summary>
    public double Fit(double[] x, double[] y, int d, int iterations = 80, double learningRate = 0.05, IProgress<int>? progress = null)
    {
        var n = y.Length;
        if (x.Length != n * d) throw new ArgumentException($"expected {n} x {d} features");
        var r2 = RbfKernel.SquaredDistances(x, n, x, n, d);
        var yv = Vector<double>.Build.Dense(y);
        var theta = new[] { LogLengthScale, LogSignalVariance, LogNoiseVariance };
        var adam = new ScalarAdam(theta.Length, learningRate);
        var value = double.NaN;
        for (var it = 0; it < iterations; it++)
        {
            (value, var gradient) = Nlml(r2, yv);
            adam.Step(theta, gradient);
            theta[2] = Math.Max(theta[2], Math.Log(1e-6));
            (LogLengthScale, LogSignalVariance, LogNoiseVariance) = (theta[0], theta[1], theta[2]);
            progress?.Report(it + 1);
        }
        value = Nlml(r2, yv).Value;
        trainX = (double[])x.Clone();
        (Dimension, Count) = (d, n);
        var k = RbfKernel.FromSquaredDistances(r2, LengthScale, SignalVariance);
        for (var i = 0; i < n; i++) k[i, i] += NoiseVariance;
        cholesky = k.Cholesky();
        alpha = cholesky.Solve(yv);
        return value;
    }

    /// <summary>Predictive mean and variance of the latent function (add <see cref="NoiseVariance"/> for a new observation).</summary>
    public (double[] Mean, double[] Variance) Predict(ReadOnlySpan<double> x, int n)
    {
        if (cholesky is null || alpha is null) throw new InvalidOperationException("Fit the GP first.");
        var ks = RbfKernel.FromSquaredDistances(RbfKernel.SquaredDistances(trainX, Count, x, n, Dimension), LengthScale, SignalVariance);
        var mean = ks.TransposeThisAndMultiply(alpha);
        var v = cholesky.Solve(ks);
        var variance = new double[n];
        for (var i = 0; i < n; i++)
        {
            double q = 0;
            for (var j = 0; j < Count; j++) q += ks[j, i] * v[j, i];
            variance[i] = Math.Max(SignalVariance - q, 1e-12);
        }
        return (mean.ToArray(), variance);
    }
}

/// <summary>Adam (Kingma and Ba 2015) for a handful of double parameters.</summary>
public sealed class ScalarAdam(int count, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly double[] m = new double[count], v = new double[count];
    private int t;

    public double LearningRate { get; set; } = learningRate;

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        t++;
        double c1 = 1 - Math.Pow(beta1, t), c2 = 1 - Math.Pow(beta2, t);
        for (var i = 0; i < parameters.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
            v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
            parameters[i] -= LearningRate * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + epsilon);
        }
    }
}
