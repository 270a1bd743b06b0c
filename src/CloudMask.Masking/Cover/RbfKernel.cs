using MathNet.Numerics.LinearAlgebra;

namespace CloudMask.Masking.Cover;

/// <summary>
/// The squared-exponential (RBF) kernel k(x, x') = s² exp(-|x - x'|² / (2 l²)) on row-major
/// feature vectors (count x dimension), with l the length scale and s² the signal variance.
/// </summary>
public static class RbfKernel
{
    /// <summary>Squared distances between the rows of <paramref name="a"/> (n x d) and <paramref name="b"/> (m x d): an n x m matrix.</summary>
    public static Matrix<double> SquaredDistances(ReadOnlySpan<double> a, int n, ReadOnlySpan<double> b, int m, int d)
    {
        var r2 = Matrix<double>.Build.Dense(n, m);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
            {
                double sum = 0;
                for (var k = 0; k < d; k++)
                {
                    var diff = a[i * d + k] - b[j * d + k];
                    sum += diff * diff;
                }
                r2[i, j] = sum;
            }
        return r2;
    }

    /// <summary>The kernel matrix from squared distances.</summary>
    public static Matrix<double> FromSquaredDistances(Matrix<double> r2, double lengthScale, double signalVariance)
    {
        var scale = -0.5 / (lengthScale * lengthScale);
        return r2.Map(v => signalVariance * Math.Exp(v * scale));
    }
}
