using MathNet.Numerics.LinearAlgebra;

namespace CloudMask.Masking.Cover;

/// <summary>
/// A stochastic variational Gaussian-process head (Hensman et al. 2013/2015, as used for
/// stochastic variational deep kernel learning by Wilson et al. 2016): an RBF kernel on network
/// features, m inducing points Z, whitened inducing variables v ~ q(v) = N(mu, S) with
/// u = chol(Kzz) v and S = Lq Lq^T, and a Gaussian likelihood with noise variance σ².
///
/// For a batch of n features x_i with a_i = chol(Kzz)^-1 k(Z, x_i) the latent predictive is
/// f_i ~ N(a_i·mu, s² - |a_i|² + a_i^T S a_i), and the loss is the negative ELBO per datum:
/// (1/n) Σ_i E_q[-log N(y_i | f_i, σ²)] + KL(q(v) || N(0, I)) / N, N the size of the training
/// set. <see cref="LossAndGradients"/> gives the loss, the gradients of every head parameter
/// and dLoss/dx (to back-propagate into the feature network); the Cholesky factor's gradient
/// uses the identity dL = L Φ(L^-1 dK L^-T), Φ = lower triangle with the diagonal halved.
/// Hyper-parameters are kept as logarithms so that steps stay positive.
/// </summary>
public sealed class SvgpHead
{
    /// <summary>Added to Kzz's diagonal for a stable Cholesky factorisation.</summary>
    public const double Jitter = 1e-5;

    public SvgpHead(double[] inducingPoints, int inducing, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inducing, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (inducingPoints.Length != inducing * dimension) throw new ArgumentException($"{inducingPoints.Length} values for {inducing} x {dimension} inducing points");
        (M, D) = (inducing, dimension);
        Z = (double[])inducingPoints.Clone();
        Mu = new double[M];
        Lq = new double[M * M];
        for (var i = 0; i < M; i++) Lq[i * M + i] = 1;
    }

    public int M { get; }
    public int D { get; }

    /// <summary>Inducing point locations, M x D row-major.</summary>
    public double[] Z { get; }

    /// <summary>Variational mean of the whitened inducing variables.</summary>
    public double[] Mu { get; }

    /// <summary>Lower-triangular factor of the variational covariance S = Lq Lq^T, M x M row-major (upper part ignored).</summary>
    public double[] Lq { get; }

    public double LogLengthScale { get; set; }
    public double LogSignalVariance { get; set; }
    public double LogNoiseVariance { get; set; } = Math.Log(0.1);

    public double LengthScale => Math.Exp(LogLengthScale);
    public double SignalVariance => Math.Exp(LogSignalVariance);
    public double NoiseVariance => Math.Exp(LogNoiseVariance);

    /// <summary>Gradients of the loss with respect to every parameter, shaped as the parameters.</summary>
    public sealed class Gradients(int m, int d)
    {
        public double[] Z { get; } = new double[m * d];
        public double[] Mu { get; } = new double[m];
        public double[] Lq { get; } = new double[m * m];
        public double LogLengthScale { get; set; }
        public double LogSignalVariance { get; set; }
        public double LogNoiseVariance { get; set; }
    }

    /// <summary>Latent mean and variance (without the noise) at n feature vectors (n x D row-major).</summary>
    public (double[] Mean, double[] Variance) Predict(ReadOnlySpan<double> x, int n)
    {
        var (_, linv, _) = Factor();
        var kzx = CrossKernel(x, n);
        var a = linv * kzx;
        var s = LqMatrix();
        s = s * s.Transpose();
        var sa = s * a;
        var mean = new double[n];
        var variance = new double[n];
        var mu = Vector<double>.Build.Dense(Mu);
        for (var i = 0; i < n; i++)
        {
            double f = 0, aa = 0, asa = 0;
            for (var j = 0; j < M; j++)
            {
                f += a[j, i] * mu[j];
                aa += a[j, i] * a[j, i];
                asa += a[j, i] * sa[j, i];
            }
            mean[i] = f;
            variance[i] = Math.Max(SignalVariance - aa + asa, 1e-12);
        }
        return (mean, variance);
    }

    /// <summary>The negative ELBO per datum for a batch (features x, n x D; targets y) from a training set of
    /// <paramref name="datasetSize"/>, its parameter gradients, and dLoss/dx (n x D).</summary>
    public (double Loss, Gradients Gradients, double[] FeatureGradient) LossAndGradients(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, int datasetSize)
    {
        if (x.Length != n * D || y.Length != n) throw new ArgumentException($"expected {n} x {D} features and {n} targets");
        double l2 = LengthScale * LengthScale, s2 = SignalVariance, sig2 = NoiseVariance;
        var (kzz, linv, lzz) = Factor();
        var kzx = CrossKernel(x, n);
        var a = linv * kzx;                                   // M x n
        var lq = LqMatrix();
        var s = lq * lq.Transpose();
        var sa = s * a;
        var mu = Vector<double>.Build.Dense(Mu);
        var f = a.TransposeThisAndMultiply(mu);                // n

        var g = Vector<double>.Build.Dense(n);
        double h = 1.0 / (2 * n * sig2), loss = 0, dLogNoise = 0;
        for (var i = 0; i < n; i++)
        {
            double aa = 0, asa = 0;
            for (var j = 0; j < M; j++) { aa += a[j, i] * a[j, i]; asa += a[j, i] * sa[j, i]; }
            var variance = s2 - aa + asa;
            var r = y[i] - f[i];
            loss += (0.5 * Math.Log(2 * Math.PI * sig2) + (r * r + variance) / (2 * sig2)) / n;
            dLogNoise += (0.5 - (r * r + variance) / (2 * sig2)) / n;
            g[i] = -r / (n * sig2);
        }
        double logDet = 0, trace = 0;
        for (var j = 0; j < M; j++) { logDet += Math.Log(Math.Abs(lq[j, j])); trace += s[j, j]; }
        var kl = 0.5 * (trace + mu.DotProduct(mu) - M - 2 * logDet);
        loss += kl / datasetSize;

        var grads = new Gradients(M, D) { LogNoiseVariance = dLogNoise };
        // dLoss/dA: column i is g_i mu + 2h (S - I) a_i.
        var abar = mu.OuterProduct(g) + (sa - a) * (2 * h);
        var dmu = a * g + mu / datasetSize;
        for (var j = 0; j < M; j++) grads.Mu[j] = dmu[j];
        // S = Lq Lq^T: dLoss/dS = h A A^T; dLoss/dLq = 2 dS Lq, plus KL's (Lq - diag(1/Lq_jj)) / N.
        var dlq = (a * a.Transpose()) * (2 * h) * lq;
        for (var r = 0; r < M; r++)
            for (var c = 0; c <= r; c++)
            {
                var kl_ = lq[r, c] - (r == c ? 1 / lq[r, c] : 0);
                grads.Lq[r * M + c] = dlq[r, c] + kl_ / datasetSize;
            }

        // Through A = Lzz^-1 Kzx: dKzx = Lzz^-T Abar and dLzz = tril(-Lzz^-T Abar A^T).
        var kzxBar = linv.TransposeThisAndMultiply(abar);
        var lzzBar = -(linv.TransposeThisAndMultiply(abar) * a.Transpose());
        var phi = lzz.TransposeThisAndMultiply(lzzBar.LowerTriangle());
        phi = phi.LowerTriangle();
        for (var j = 0; j < M; j++) phi[j, j] *= 0.5;
        var kzzBar = linv.TransposeThisAndMultiply(phi) * linv;
        kzzBar = (kzzBar + kzzBar.Transpose()) * 0.5;

        double dLogSignal = n * h * s2, dLogLength = 0;   // the prior variance k(x_i, x_i) = s² in each var_i
        var dx = new double[n * D];
        for (var j = 0; j < M; j++)
            for (var i = 0; i < n; i++)
            {
                var w = kzxBar[j, i] * kzx[j, i];
                if (w == 0) continue;
                double r2 = 0;
                for (var k = 0; k < D; k++)
                {
                    var diff = x[i * D + k] - Z[j * D + k];
                    r2 += diff * diff;
                    dx[i * D + k] -= w * diff / l2;
                    grads.Z[j * D + k] += w * diff / l2;
                }
                dLogSignal += w;
                dLogLength += w * r2 / l2;
            }
        for (var p = 0; p < M; p++)
            for (var q = 0; q < M; q++)
            {
                var kpq = p == q ? kzz[p, q] - Jitter : kzz[p, q];
                var w = kzzBar[p, q] * kpq;
                dLogSignal += w;
                if (p == q) continue;
                double r2 = 0;
                for (var k = 0; k < D; k++)
                {
                    var diff = Z[p * D + k] - Z[q * D + k];
                    r2 += diff * diff;
                    grads.Z[p * D + k] -= w * diff / l2;
                    grads.Z[q * D + k] += w * diff / l2;
                }
                dLogLength += w * r2 / l2;
            }
        grads.LogSignalVariance = dLogSignal;
        grads.LogLengthScale = dLogLength;
        return (loss, grads, dx);
    }

    private Matrix<double> LqMatrix()
    {
        var lq = Matrix<double>.Build.Dense(M, M);
        for (var r = 0; r < M; r++)
            for (var c = 0; c <= r; c++) lq[r, c] = Lq[r * M + c];
        return lq;
    }

    private Matrix<double> CrossKernel(ReadOnlySpan<double> x, int n) =>
        RbfKernel.FromSquaredDistances(RbfKernel.SquaredDistances(Z, M, x, n, D), LengthScale, SignalVariance);

    /// <summary>Kzz (with jitter), the inverse of its Cholesky factor, and the factor.</summary>
    private (Matrix<double> Kzz, Matrix<double> LInverse, Matrix<double> L) Factor()
    {
        var kzz = RbfKernel.FromSquaredDistances(RbfKernel.SquaredDistances(Z, M, Z, M, D), LengthScale, SignalVariance);
        for (var j = 0; j < M; j++) kzz[j, j] += Jitter;
        var l = kzz.Cholesky().Factor;
        var linv = l.Solve(Matrix<double>.Build.DenseIdentity(M));
        return (kzz, linv, l);
    }
}
