using CloudMask.Nn.Losses;
using CloudMask.Nn.Models;
using CloudMask.Nn.Optim;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Training;

/// <summary>End to end: a small U-Net learns to segment noisy bright rectangles, and a saved and
/// reloaded copy predicts exactly the same logits.</summary>
public class ToySegmentationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Size = 16;
    private const int Bands = 3;

    /// <summary>Band 0 carries the rectangle (+1) under Gaussian noise (std 0.5); bands 1-2 are noise.
    /// Label 1 inside the rectangle, 0 outside.</summary>
    private static (Tensor Images, int[] Labels) Batch(Random random, int count)
    {
        var images = Tensor.RandomNormal(random, 0.5f, count, Bands, Size, Size);
        var labels = new int[count * Size * Size];
        for (var b = 0; b < count; b++)
        {
            int x0 = random.Next(0, 9), y0 = random.Next(0, 9), w = random.Next(4, 8), h = random.Next(4, 8);
            for (var y = y0; y < Math.Min(Size, y0 + h); y++)
            for (var x = x0; x < Math.Min(Size, x0 + w); x++)
            {
                labels[(b * Size + y) * Size + x] = 1;
                images.Span[((b * Bands) * Size + y) * Size + x] += 1f;
            }
        }
        return (images, labels);
    }

    private static double Accuracy(Tensor logits, int[] labels)
    {
        var correct = 0;
        var plane = Size * Size;
        for (var i = 0; i < labels.Length; i++)
        {
            int b = i / plane, k = i % plane;
            var predicted = logits.Span[(b * 2 + 1) * plane + k] > logits.Span[(b * 2) * plane + k] ? 1 : 0;
            if (predicted == labels[i]) correct++;
        }
        return (double)correct / labels.Length;
    }

    [Fact]
    public void Training_drives_the_loss_down_to_high_accuracy_and_save_reload_predicts_identically()
    {
        var options = new UNetOptions { InChannels = Bands, Classes = 2, BaseFilters = 8, Levels = 3, BatchNorm = true, Seed = 1 };
        using var net = UNet.Build(options);
        var optimizer = new Adam(net.Parameters(), new AdamOptions { LearningRate = 3e-3f });
        var crossEntropy = new CrossEntropyLoss();
        var random = new Random(2);
        var losses = new List<float>();
        for (var step = 0; step < 120; step++)
        {
            var (images, labels) = Batch(random, 4);
            using var target = Targets.OneHot(labels, 4, 2, Size, Size);
            net.Train();
            optimizer.ZeroGrad();
            var logits = net.Forward(images);
            // Dice for the overlap plus cross-entropy for per-pixel calibration.
            var dice = SoftDiceLoss.Compute(logits, target);
            var ce = crossEntropy.Compute(logits, labels);
            TensorMath.AddInPlace(dice.Gradient, ce.Gradient);
            net.Backward(dice.Gradient);
            GradientClipping.ClipByGlobalNorm(net.Parameters(), 5.0);
            optimizer.Step();
            losses.Add(dice.Value + ce.Value);
        }

        var early = losses.Take(10).Average();
        var late = losses.TakeLast(10).Average();
        Assert.True(late < early / 3, $"loss {early:F3} -> {late:F3}");

        var (validation, validationLabels) = Batch(new Random(99), 8);
        net.Eval();
        using var predicted = net.Forward(validation);
        var accuracy = Accuracy(predicted, validationLabels);
        output.WriteLine($"loss {early:F3} -> {late:F3}, validation pixel accuracy {accuracy:P2}");
        Assert.True(accuracy >= 0.95, $"validation accuracy {accuracy:P1}");

        var path = Path.Combine(Path.GetTempPath(), $"toy-{Guid.NewGuid():N}.safetensors");
        try
        {
            UNetFile.Save(path, options, net);
            var (reloaded, _, _) = UNetFile.Load(path);
            using (reloaded)
            {
                using var again = reloaded.Eval().Forward(validation);
                Assert.Equal(predicted.ToArray().Select(BitConverter.SingleToInt32Bits), again.ToArray().Select(BitConverter.SingleToInt32Bits));
            }
        }
        finally { File.Delete(path); }
    }
}
