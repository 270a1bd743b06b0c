using CloudMask.Nn.Modules;
using CloudMask.Nn.Optim;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Optim;

public class OptimizerTests
{
    private static Parameter WithGrad(float value, float grad)
    {
        var p = new Parameter(Tensor.FromArray([value], 1));
        p.Grad.Span[0] = grad;
        return p;
    }

    [Fact]
    public void Adam_first_step_moves_by_the_learning_rate_against_the_gradient()
    {
        // With bias correction m^ = g and v^ = g^2, so the first step is lr * g / (|g| + eps).
        var p = WithGrad(1f, 0.3f);
        new Adam([p], new AdamOptions { LearningRate = 0.1f }).Step();
        Assert.Equal(0.9f, p.Data.Span[0], 5);
    }

    [Fact]
    public void AdamW_decays_weights_independently_of_the_gradient()
    {
        var p = WithGrad(2f, 0f);
        new Adam([p], AdamOptions.AdamW(learningRate: 0.1f, weightDecay: 0.5f)).Step();
        Assert.Equal(2f * (1 - 0.1f * 0.5f), p.Data.Span[0], 5);
    }

    [Fact]
    public void Sgd_momentum_follows_the_pytorch_recurrence()
    {
        var p = WithGrad(0f, 1f);
        var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1f, Momentum = 0.9f });
        sgd.Step(); // v = 1, x = -0.1
        sgd.Step(); // v = 1.9, x = -0.29
        Assert.Equal(-0.29f, p.Data.Span[0], 5);
    }

    [Fact]
    public void Invalid_hyper_parameters_are_rejected_up_front()
    {
        var p = WithGrad(0f, 0f);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], new AdamOptions { Beta1 = 1f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], new AdamOptions { LearningRate = -1f }));
        Assert.Throws<ArgumentException>(() => new Sgd([p], new SgdOptions { LearningRate = 0.1f, Nesterov = true }));
        Assert.Throws<ArgumentException>(() => new Sgd([p, p], new SgdOptions { LearningRate = 0.1f }));
    }

    [Fact]
    public void Step_bumps_the_parameter_version_so_inference_repacks_weights()
    {
        var p = WithGrad(1f, 1f);
        var before = p.Version;
        new Sgd([p], new SgdOptions { LearningRate = 0.1f }).Step();
        Assert.True(p.Version > before);
    }

    [Fact]
    public void Reduce_on_plateau_halves_after_patience_epochs_without_improvement()
    {
        var optimizer = new Sgd([WithGrad(0f, 0f)], new SgdOptions { LearningRate = 1f });
        var schedule = new ReduceLROnPlateau(optimizer, factor: 0.5f, patience: 2);
        Assert.False(schedule.Step(1.0));
        Assert.False(schedule.Step(1.0));
        Assert.False(schedule.Step(1.0));
        Assert.True(schedule.Step(1.0)); // third epoch without improvement exceeds patience 2
        Assert.Equal(0.5f, optimizer.LearningRate);
        Assert.False(schedule.Step(0.5)); // improvement resets the count
    }

    [Fact]
    public void Cosine_schedule_reaches_half_way_and_the_minimum()
    {
        var optimizer = new Sgd([WithGrad(0f, 0f)], new SgdOptions { LearningRate = 1f });
        var schedule = new CosineAnnealingLR(optimizer, totalEpochs: 4, minLearningRate: 0.2f);
        schedule.Step(); schedule.Step();
        Assert.Equal(0.6f, optimizer.LearningRate, 5);
        schedule.Step(); schedule.Step(); schedule.Step();
        Assert.Equal(0.2f, optimizer.LearningRate, 5);
    }

    [Fact]
    public void Clipping_scales_the_global_norm_down_to_the_limit()
    {
        var a = WithGrad(0f, 3f);
        var b = WithGrad(0f, 4f);
        var norm = GradientClipping.ClipByGlobalNorm([a, b], 1.0);
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(0.6f, a.Grad.Span[0], 4);
        Assert.Equal(0.8f, b.Grad.Span[0], 4);
    }
}
