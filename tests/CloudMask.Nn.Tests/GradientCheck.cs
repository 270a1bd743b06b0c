using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests;

/// <summary>Central finite differences of L = sum(module(x) * r) against Module.Backward, for
/// sampled input elements and parameter elements. Everything is seeded, so a pass is repeatable.</summary>
internal static class GradientCheck
{
    internal static void Check(Module module, Tensor input, int seed = 7, float eps = 1e-2f, int samples = 12, double atol = 5e-3, double rtol = 2e-2)
    {
        module.Train();
        module.ZeroGrad();
        var random = new Random(seed);
        var output = module.Forward(input);
        using var r = Tensor.RandomNormal(random, 1f, output.Shape.ToArray());
        var gradInput = module.Backward(r).Clone();
        var parameterGrads = module.NamedParameters().Select(p => (p.Name, p.Parameter, Grad: p.Parameter.Grad.Clone())).ToList();

        double Loss()
        {
            var y = module.Forward(input);
            double sum = 0;
            var ys = y.Span; var rs = r.Span;
            for (var i = 0; i < ys.Length; i++) sum += (double)ys[i] * rs[i];
            return sum;
        }

        void Compare(string what, Span<float> values, int index, float analytic, Parameter? parameter)
        {
            var saved = values[index];
            values[index] = saved + eps; parameter?.MarkChanged();
            var plus = Loss();
            values[index] = saved - eps; parameter?.MarkChanged();
            var minus = Loss();
            values[index] = saved; parameter?.MarkChanged();
            var numeric = (plus - minus) / (2 * eps);
            Assert.True(Math.Abs(numeric - analytic) <= atol + rtol * Math.Abs(numeric),
                $"{module.GetType().Name} d/d{what}[{index}]: numeric {numeric:G6}, backward {analytic:G6}");
        }

        for (var s = 0; s < samples; s++)
        {
            var i = random.Next((int)input.Length);
            Compare("input", input.Span, i, gradInput.Span[i], null);
        }
        foreach (var (name, parameter, grad) in parameterGrads)
        {
            for (var s = 0; s < Math.Min(samples, (int)grad.Length); s++)
            {
                var i = random.Next((int)grad.Length);
                Compare(name, parameter.Data.Span, i, grad.Span[i], parameter);
            }
        }
    }

    /// <summary>Directional derivative of L = sum(module(x) * r) along a random direction of the input
    /// and of every parameter at once, against the dot product with Backward's gradients. For deep
    /// ReLU networks, where single-element differences keep crossing kinks, this is the stable check.</summary>
    internal static void CheckDirectional(Module module, Tensor input, int seed = 7, float eps = 1e-3f, double rtol = 2e-2)
    {
        module.Train();
        module.ZeroGrad();
        var random = new Random(seed);
        var output = module.Forward(input);
        using var r = Tensor.RandomNormal(random, 1f, output.Shape.ToArray());
        var gradInput = module.Backward(r).Clone();
        var targets = new List<(Tensor Values, Tensor Grad, Parameter? Parameter)> { (input, gradInput, null) };
        targets.AddRange(module.Parameters().Select(p => (p.Data, p.Grad.Clone(), (Parameter?)p)));
        var directions = targets.Select(t => Tensor.RandomNormal(random, 1f, t.Values.Shape.ToArray())).ToList();

        double analytic = 0;
        for (var k = 0; k < targets.Count; k++)
        {
            var g = targets[k].Grad.Span; var d = directions[k].Span;
            for (var i = 0; i < g.Length; i++) analytic += (double)g[i] * d[i];
        }

        double LossAt(float step)
        {
            var originals = targets.Select(t => t.Values.Clone()).ToList();
            for (var k = 0; k < targets.Count; k++)
            {
                var v = targets[k].Values.Span; var d = directions[k].Span;
                for (var i = 0; i < v.Length; i++) v[i] += step * d[i];
                targets[k].Parameter?.MarkChanged();
            }
            var y = module.Forward(input);
            double sum = 0;
            for (var i = 0; i < y.Length; i++) sum += (double)y.Span[i] * r.Span[i];
            for (var k = 0; k < targets.Count; k++) { targets[k].Values.CopyFrom(originals[k]); targets[k].Parameter?.MarkChanged(); }
            return sum;
        }

        var numeric = (LossAt(eps) - LossAt(-eps)) / (2 * eps);
        Assert.True(Math.Abs(numeric - analytic) <= rtol * Math.Abs(numeric),
            $"{module.GetType().Name} directional derivative: numeric {numeric:G6}, backward {analytic:G6}");
    }

    /// <summary>Normal values pushed away from 0 by at least 0.1: keeps kinks (ReLU) out of reach of eps.</summary>
    internal static Tensor AwayFromZero(Random random, params int[] shape)
    {
        var t = Tensor.RandomNormal(random, 1f, shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++) s[i] += s[i] >= 0 ? 0.1f : -0.1f;
        return t;
    }
}
