using CloudMask.Nn.Modules;

namespace CloudMask.Nn.Models;

/// <summary>A generic U-Net (Ronneberger 2015) built from the engine's modules. Each level: two
/// 3x3 conv (+ optional batch norm) + ReLU; down: 2x2 max pooling; up: nearest x2 upsampling +
/// 3x3 conv + ReLU; the skip concatenates the encoder output with the upsampled path. A final 1x1
/// convolution gives per-class logits (apply softmax in the loss or at prediction). Filters double
/// per level from <see cref="UNetOptions.BaseFilters"/>.
///
/// Built recursively: level d = Sequential(block, SkipConcat(Sequential(pool, level d+1, up)), block),
/// which makes the state-dict names nested ("0.1.inner.1.0.0.weight") but the graph self-evidently
/// correct and differentiable with Sequential and SkipConcat alone.</summary>
public static class UNet
{
    public static Sequential Build(UNetOptions options)
    {
        options.Validate();
        var random = new Random(options.Seed);
        var net = new Sequential();
        net.Add("body", Level(options, 0, options.InChannels, random));
        net.Add("head", new Conv2d(options.BaseFilters, options.Classes, 1, random: random));
        return net;
    }

    private static Module Level(UNetOptions o, int depth, int inChannels, Random random)
    {
        var filters = o.BaseFilters << depth;
        var encoder = Block(o, depth, inChannels, filters, random);
        if (depth == o.Levels - 1) return encoder;
        var deeper = new Sequential()
            .Add("pool", new MaxPool2d(2))
            .Add("level", Level(o, depth + 1, filters, random))
            .Add("upsample", new Upsample(2, UpsampleMode.Nearest))
            .Add("upconv", new Conv2d(filters * 2, filters, 3, padding: 1, random: random))
            .Add("uprelu", new ReLU());
        return new Sequential()
            .Add("encoder", encoder)
            .Add("skip", new SkipConcat(deeper))
            .Add("decoder", Block(o, depth, filters * 2, filters, random));
    }

    private static Sequential Block(UNetOptions o, int depth, int inChannels, int filters, Random random)
    {
        var block = new Sequential();
        for (var i = 0; i < 2; i++)
        {
            block.Add($"conv{i}", new Conv2d(i == 0 ? inChannels : filters, filters, 3, padding: 1, bias: !o.BatchNorm, random: random));
            if (o.BatchNorm) block.Add($"bn{i}", new BatchNorm2d(filters));
            block.Add($"relu{i}", new ReLU());
        }
        if (o.DeepDropout > 0 && depth >= o.Levels - 2) block.Add("dropout", new Dropout(o.DeepDropout, random));
        return block;
    }

    /// <summary>Forward FLOPs of the convolutions for one input of the given size (2 per multiply-add).</summary>
    public static double ForwardFlops(UNetOptions o, int height, int width)
    {
        double flops = 0;
        for (var d = 0; d < o.Levels; d++)
        {
            double pixels = (double)(height >> d) * (width >> d);
            var f = o.BaseFilters << d;
            var inC = d == 0 ? o.InChannels : f / 2;
            flops += 2 * pixels * 9 * (inC * f + f * f);                 // encoder block
            if (d < o.Levels - 1) flops += 2 * pixels * 9 * (2 * f * f) // upconv (2f -> f)
                + 2 * pixels * 9 * (2 * f * f + f * f);                 // decoder block
        }
        return flops + 2.0 * height * width * o.BaseFilters * o.Classes;
    }
}
