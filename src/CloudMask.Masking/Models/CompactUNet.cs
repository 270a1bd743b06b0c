using CloudMask.Nn.Modules;

namespace CloudMask.Masking.Models;

/// <summary>
/// The segmentation body of cloudmask-any: a U-Net trimmed for CPU cost. A plain U-Net spends
/// most of its FLOPs in the decoder (a 3x3 up-convolution and two 3x3 convolutions per level);
/// here the decoder has one 1x1 convolution after the upsampling and one 3x3 convolution after
/// the skip concatenation, which keeps the encoder's receptive field and the skips (what makes
/// cloud edges and shadows work) at about 60 % of the cost.
///
/// Level d: encoder = 2 x (3x3 conv, batch norm, ReLU) with Filters[d] channels; below it
/// max pooling, level d+1, nearest x2 upsampling, 1x1 conv to Filters[d], ReLU; the skip
/// concatenates; decoder = 3x3 conv (2 Filters[d] to Filters[d]), batch norm, ReLU.
/// A final 1x1 convolution gives the class logits.
/// </summary>
public static class CompactUNet
{
    public static Sequential Build(int inChannels, IReadOnlyList<int> filters, int classes, bool batchNorm, Random random)
    {
        if (filters.Count < 1) throw new ArgumentException("at least one level is needed", nameof(filters));
        var net = new Sequential();
        net.Add("body", Level(inChannels, filters, 0, batchNorm, random));
        net.Add("head", new Conv2d(filters[0], classes, 1, random: random));
        return net;
    }

    private static Module Level(int inChannels, IReadOnlyList<int> filters, int depth, bool batchNorm, Random random)
    {
        var f = filters[depth];
        var encoder = new Sequential();
        AddConv(encoder, "0", inChannels, f, 3, batchNorm, random);
        AddConv(encoder, "1", f, f, 3, batchNorm, random);
        if (depth == filters.Count - 1) return encoder;
        var deeper = new Sequential()
            .Add("pool", new MaxPool2d(2))
            .Add("level", Level(f, filters, depth + 1, batchNorm, random))
            .Add("upsample", new Upsample(2, UpsampleMode.Nearest));
        AddConv(deeper, "up", filters[depth + 1], f, 1, batchNorm: false, random);
        var decoder = new Sequential();
        AddConv(decoder, "0", 2 * f, f, 3, batchNorm, random);
        return new Sequential()
            .Add("encoder", encoder)
            .Add("skip", new SkipConcat(deeper))
            .Add("decoder", decoder);
    }

    private static void AddConv(Sequential block, string name, int inChannels, int outChannels, int kernel, bool batchNorm, Random random)
    {
        block.Add($"conv{name}", new Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: !batchNorm, random: random));
        if (batchNorm) block.Add($"bn{name}", new BatchNorm2d(outChannels));
        block.Add($"relu{name}", new ReLU());
    }

    /// <summary>Forward FLOPs of the convolutions for one height x width input (2 per multiply-add).</summary>
    public static double ForwardFlops(int inChannels, IReadOnlyList<int> filters, int classes, int height, int width)
    {
        double flops = 0;
        for (var d = 0; d < filters.Count; d++)
        {
            double pixels = (double)(height >> d) * (width >> d);
            var f = filters[d];
            var input = d == 0 ? inChannels : filters[d - 1];
            flops += 2 * pixels * 9 * (input * f + f * f);
            if (d < filters.Count - 1)
                flops += 2 * pixels * (filters[d + 1] * f) // 1x1 after upsampling
                    + 2 * pixels * 9 * (2 * f * f);          // decoder 3x3
        }
        return flops + 2.0 * height * width * filters[0] * classes;
    }
}
