using CloudMask.Nn.Inference;
using CloudMask.Nn.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Inference;

/// <summary>The compiled oneDNN plan against the module-by-module eval forward.</summary>
public class InferenceSessionTests
{
    private static void RandomiseBatchNorms(Module model, Random random)
    {
        foreach (var (name, t) in model.StateDict())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal)) for (var i = 0; i < t.Length; i++) t.Span[i] = 0.5f + random.NextSingle();
            else if (name.EndsWith("running_mean", StringComparison.Ordinal)) for (var i = 0; i < t.Length; i++) t.Span[i] = random.NextSingle() - 0.5f;
        }
    }

    [Fact]
    public void Unet_plan_matches_the_module_forward()
    {
        var random = new Random(1);
        using var net = UNet.Build(new UNetOptions { InChannels = 5, Classes = 3, BaseFilters = 16, Levels = 4, BatchNorm = true, Seed = 2 });
        RandomiseBatchNorms(net, random);
        using var x = Tensor.RandomNormal(random, 1f, 2, 5, 32, 48);
        using var expected = net.Eval().Forward(x);
        using var session = new InferenceSession(net);

        using var actual = session.Run(x);
        using var again = session.Run(x);

        Assert.True(TensorMath.MaxRelativeError(actual, expected) < 1e-4f, $"{TensorMath.MaxRelativeError(actual, expected)}");
        Assert.Equal(actual.ToArray(), again.ToArray());
        Assert.Contains(session.Describe(2, 5, 32, 48), s => s.Contains("conv 16->16 k3+bn+relu", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_supported_and_managed_module_matches_the_module_forward()
    {
        var random = new Random(3);
        var standaloneNorm = new BatchNorm2d(8);
        var net = new Sequential(
            new Conv2d(3, 8, 3, padding: 1, random: random), new LeakyReLU(0.2f),
            new SkipConcat(new Sequential(new AvgPool2d(2), new Conv2d(8, 8, 3, padding: 1, random: random), new GELU(),
                new ConvTranspose2d(8, 8, 2, stride: 2, random: random))),
            new Residual(new Sequential(new Conv2d(16, 16, 3, padding: 1, groups: 2, random: random), new Sigmoid())),
            new MaxPool2d(2), new Upsample(2, UpsampleMode.Bilinear), new Conv2d(16, 8, 1, random: random),
            standaloneNorm, new Dropout(0.5f), new Softmax());
        RandomiseBatchNorms(net, random);
        using var x = Tensor.RandomNormal(random, 1f, 1, 3, 12, 12);
        using var expected = net.Eval().Forward(x);
        using var session = new InferenceSession(net);

        using var actual = session.Run(x);

        Assert.True(TensorMath.MaxRelativeError(actual, expected) < 1e-4f, $"{TensorMath.MaxRelativeError(actual, expected)}");
        Assert.Contains(session.Describe(1, 3, 12, 12), s => s.StartsWith("managed Softmax", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_weights_are_repacked()
    {
        var conv = new Conv2d(2, 16, 3, padding: 1, random: new Random(4));
        using var session = new InferenceSession(new Sequential(conv));
        using var x = Tensor.RandomNormal(new Random(5), 1f, 1, 2, 8, 8);
        using var before = session.Run(x);

        TensorMath.ScaleInPlace(conv.Weight.Data, 2f);
        conv.Weight.MarkChanged();
        using var after = session.Run(x);

        var b = before.ToArray(); var a = after.ToArray();
        var bias = conv.Bias!.Data.ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            var channelBias = bias[i / 64];
            Assert.Equal(2 * (b[i] - channelBias) + channelBias, a[i], 3);
        }
    }

    [Fact]
    public void Sessions_on_parallel_threads_give_the_single_session_result()
    {
        using var net = UNet.Build(new UNetOptions { InChannels = 4, Classes = 2, BaseFilters = 16, Levels = 3, Seed = 6 });
        using var x = Tensor.RandomNormal(new Random(7), 1f, 1, 4, 32, 32);
        using var single = new InferenceSession(net);
        using var expected = single.Run(x);

        var sessions = Enumerable.Range(0, 4).Select(_ => new InferenceSession(net) { ThreadsPerRun = 1 }).ToArray();
        var results = new Tensor[4];
        Parallel.For(0, 4, i => results[i] = sessions[i].Run(x));
        foreach (var s in sessions) s.Dispose();

        // One OpenMP thread may split reductions differently from two: equal up to rounding.
        Assert.All(results, r => Assert.True(TensorMath.MaxRelativeError(r, expected) < 1e-5f));
    }

    [Fact]
    public void Session_pool_serves_parallel_callers_with_one_session_each_and_reuses_them()
    {
        using var net = UNet.Build(new UNetOptions { InChannels = 4, Classes = 2, BaseFilters = 16, Levels = 3, Seed = 8 });
        using var x = Tensor.RandomNormal(new Random(9), 1f, 1, 4, 32, 32);
        using var single = new InferenceSession(net);
        using var expected = single.Run(x);
        using var pool = new SessionPool(net);

        using (var first = pool.Run(x)) Assert.True(TensorMath.MaxRelativeError(first, expected) < 1e-5f);
        using (var second = pool.Run(x)) Assert.True(TensorMath.MaxRelativeError(second, expected) < 1e-5f);
        Assert.Equal(1, pool.Count); // one caller at a time: one session, reused

        var results = new Tensor[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            using var one = ComputeThreads.Use(1);
            results[i] = pool.Run(x);
        });
        Assert.All(results, r => Assert.True(TensorMath.MaxRelativeError(r, expected) < 1e-5f));
        Assert.InRange(pool.Count, 1, 3); // never more sessions than callers at once
        foreach (var r in results) r.Dispose();
    }

    [Fact]
    public void Session_pool_refuses_work_after_dispose()
    {
        using var net = UNet.Build(new UNetOptions { InChannels = 2, Classes = 2, BaseFilters = 8, Levels = 2, Seed = 1 });
        using var x = Tensor.RandomNormal(new Random(1), 1f, 1, 2, 8, 8);
        var pool = new SessionPool(net);
        pool.Run(x).Dispose();
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(x));
    }
}
