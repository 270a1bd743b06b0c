using System.Numerics.Tensors;
using CloudMask.Nn.Modules;

namespace CloudMask.Nn.Optim;

public static class GradientClipping
{
    /// <summary>Scales all gradients by maxNorm / total L2 norm when that norm exceeds maxNorm
    /// (torch.nn.utils.clip_grad_norm_). Returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), "Must be > 0.");
        var withGrad = parameters.Where(p => p.HasGrad).ToList();
        var total = Math.Sqrt(withGrad.Sum(p => (double)TensorPrimitives.SumOfSquares<float>(p.Grad.Span)));
        if (total > maxNorm)
        {
            var scale = (float)(maxNorm / (total + 1e-6));
            foreach (var p in withGrad) TensorPrimitives.Multiply(p.Grad.Span, scale, p.Grad.Span);
        }
        return total;
    }
}
