using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Modules;

/// <summary>Batch normalisation over (N, H, W) per channel, as torch.nn.BatchNorm2d: training uses
/// the batch statistics (biased variance) and updates running_mean/running_var (unbiased) with
/// <see cref="Momentum"/>; eval uses the running statistics. In inference a Sequential folds it
/// into the preceding convolution (see <see cref="FoldInto"/>).
///
/// Two training aids exist for batches that are not alike (cloudmask-any draws each batch from
/// one source and one band set, so batch statistics differ from batch to batch and from the
/// running statistics inference uses): <see cref="BeginStatisticsAverage"/> replaces the running
/// statistics by the exact average over the batches that follow, and
/// <see cref="FrozenStatistics"/> makes training normalise with the running statistics, as
/// inference does, so what is trained is what runs.</summary>
public sealed class BatchNorm2d : Module
{
    private Tensor? savedNormalized;
    private double[]? savedInvStd;
    private bool savedFrozen;
    // While averaging: the number of batches seen and per channel the sums of their means and of
    // their second moments (variance + mean^2), so the result includes the spread between batches.
    private long averagedBatches = -1;
    private double[]? sumMean, sumSecondMoment;

    public BatchNorm2d(int channels, float eps = 1e-5f, float momentum = 0.1f)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels));
        if (eps <= 0) throw new ArgumentOutOfRangeException(nameof(eps));
        if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum));
        Channels = channels; Eps = eps; Momentum = momentum;
        Weight = RegisterParameter("weight", new Parameter(Tensor.Full(1f, channels)));
        Bias = RegisterParameter("bias", new Parameter(new Tensor(channels)));
        RunningMean = RegisterBuffer("running_mean", new Tensor(channels));
        RunningVar = RegisterBuffer("running_var", Tensor.Full(1f, channels));
    }

    public int Channels { get; }
    public float Eps { get; }
    public float Momentum { get; }
    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public Tensor RunningMean { get; }
    public Tensor RunningVar { get; }

    /// <summary>When set, training normalises with the running statistics and leaves them as they
    /// are (only the affine weight and bias learn), so training and inference compute the same thing.</summary>
    public bool FrozenStatistics { get; set; }

    /// <summary>From now on, training-mode batches (with <see cref="FrozenStatistics"/> off) set the
    /// running statistics to the statistics of all of them pooled since this call (each batch
    /// weighing the same), instead of the exponential average with <see cref="Momentum"/>.</summary>
    public void BeginStatisticsAverage()
    {
        averagedBatches = 0;
        sumMean = new double[Channels];
        sumSecondMoment = new double[Channels];
    }

    /// <summary>Back to the exponential running average; returns how many batches were averaged.</summary>
    public long EndStatisticsAverage()
    {
        var count = Math.Max(0, averagedBatches);
        averagedBatches = -1;
        sumMean = sumSecondMoment = null;
        return count;
    }

    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        if (input.Rank != 4 || input.Dim(1) != Channels) throw new ArgumentException($"BatchNorm2d({Channels}) expects (N, {Channels}, H, W), got {input}.", nameof(input));
        int n = input.Dim(0), plane = input.Dim(2) * input.Dim(3);
        var output = Tensor.Uninitialized(input.Shape.ToArray());
        var mean = new double[Channels];
        var invStd = new double[Channels];
        var useBatch = IsTraining && !FrozenStatistics;
        if (useBatch)
        {
            var count = (double)n * plane;
            var averaging = averagedBatches >= 0;
            if (averaging) averagedBatches++;
            if (count < 2) throw new ArgumentException("Training batch norm needs more than one value per channel.", nameof(input));
            var x = input;
            Parallel.For(0, Channels, c =>
            {
                double sum = 0, sumSq = 0;
                for (var i = 0; i < n; i++)
                foreach (var v in x.Span.Slice((i * Channels + c) * plane, plane)) { sum += v; sumSq += (double)v * v; }
                var m = sum / count;
                var variance = Math.Max(0, sumSq / count - m * m);
                mean[c] = m;
                invStd[c] = 1 / Math.Sqrt(variance + Eps);
                if (averaging)
                {
                    sumMean![c] += m;
                    sumSecondMoment![c] += variance + m * m;
                    var averageMean = sumMean[c] / averagedBatches;
                    RunningMean.Span[c] = (float)averageMean;
                    RunningVar.Span[c] = (float)Math.Max(0, sumSecondMoment[c] / averagedBatches - averageMean * averageMean);
                }
                else
                {
                    RunningMean.Span[c] = (float)((1 - Momentum) * RunningMean.Span[c] + Momentum * m);
                    RunningVar.Span[c] = (float)((1 - Momentum) * RunningVar.Span[c] + Momentum * variance * count / (count - 1));
                }
            });
        }
        else
        {
            for (var c = 0; c < Channels; c++) { mean[c] = RunningMean.Span[c]; invStd[c] = 1 / Math.Sqrt(RunningVar.Span[c] + Eps); }
        }

        var normalized = IsTraining ? Tensor.Uninitialized(input.Shape.ToArray()) : null;
        var src = input; var dst = output;
        Parallel.For(0, n * Channels, p =>
        {
            var c = p % Channels;
            float m = (float)mean[c], s = (float)invStd[c], gamma = Weight.Data.Span[c], beta = Bias.Data.Span[c];
            var xs = src.Span.Slice(p * plane, plane);
            var ys = dst.Span.Slice(p * plane, plane);
            var xh = normalized is null ? Span<float>.Empty : normalized.Span.Slice(p * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                var h = (xs[i] - m) * s;
                if (!xh.IsEmpty) xh[i] = h;
                ys[i] = gamma * h + beta;
            }
        });
        if (IsTraining) { savedNormalized = normalized; savedInvStd = invStd; savedFrozen = !useBatch; }
        return output;
    }

    /// <summary>With x^ the normalised input: dgamma = sum dy x^, dbeta = sum dy,
    /// dx = gamma invstd (dy - mean(dy) - x^ mean(dy x^)); with frozen statistics the mean and
    /// variance are constants and dx = gamma invstd dy.</summary>
    public override Tensor Backward(Tensor gradOutput)
    {
        gradOutput = gradOutput.ToPlain();
        var xh = Saved(savedNormalized, nameof(BatchNorm2d));
        int n = xh.Dim(0), plane = xh.Dim(2) * xh.Dim(3);
        var count = (double)n * plane;
        var dgamma = new Tensor(Channels);
        var dbeta = new Tensor(Channels);
        var gradInput = Tensor.Uninitialized(gradOutput.Shape.ToArray());
        var dy = gradOutput;
        var invStd = savedInvStd!;
        var frozen = savedFrozen;
        Parallel.For(0, Channels, c =>
        {
            double sumDy = 0, sumDyXh = 0;
            for (var i = 0; i < n; i++)
            {
                var d = dy.Span.Slice((i * Channels + c) * plane, plane);
                var h = xh.Span.Slice((i * Channels + c) * plane, plane);
                for (var k = 0; k < plane; k++) { sumDy += d[k]; sumDyXh += (double)d[k] * h[k]; }
            }
            dgamma.Span[c] = (float)sumDyXh;
            dbeta.Span[c] = (float)sumDy;
            float meanDy = (float)(sumDy / count), meanDyXh = (float)(sumDyXh / count), scale = (float)(Weight.Data.Span[c] * invStd[c]);
            for (var i = 0; i < n; i++)
            {
                var d = dy.Span.Slice((i * Channels + c) * plane, plane);
                var h = xh.Span.Slice((i * Channels + c) * plane, plane);
                var dx = gradInput.Span.Slice((i * Channels + c) * plane, plane);
                if (frozen) for (var k = 0; k < plane; k++) dx[k] = scale * d[k];
                else for (var k = 0; k < plane; k++) dx[k] = scale * (d[k] - meanDy - h[k] * meanDyXh);
            }
        });
        Weight.AccumulateGrad(dgamma);
        Bias.AccumulateGrad(dbeta);
        dgamma.Dispose(); dbeta.Dispose();
        savedNormalized = null;
        return gradInput;
    }

    /// <summary>Folds eval-mode normalisation into a preceding convolution: w' = w * gamma/sqrt(var+eps)
    /// per output channel, b' = (b - mean) * gamma/sqrt(var+eps) + beta. Returns new tensors.</summary>
    internal (Tensor Weight, Tensor Bias) FoldInto(ConvolutionBase conv)
    {
        if (conv.OutChannels != Channels) throw new ArgumentException($"Cannot fold BatchNorm2d({Channels}) into a convolution with {conv.OutChannels} outputs.");
        var w = conv.Weight.Data.Clone();
        var b = new Tensor(Channels);
        var ws = w.Span;
        if (conv.Transposed)
        {
            // Transposed weights are (in, out/groups, k, k): the output channel is the second axis.
            int inPerGroup = conv.InChannels / conv.Groups, outPerGroup = Channels / conv.Groups, k2 = conv.KernelSize * conv.KernelSize;
            for (var i = 0; i < conv.InChannels; i++)
            for (var o = 0; o < outPerGroup; o++)
            {
                var channel = i / inPerGroup * outPerGroup + o;
                var scale = Scale(channel);
                var block = ws.Slice((i * outPerGroup + o) * k2, k2);
                for (var j = 0; j < k2; j++) block[j] *= scale;
            }
        }
        else
        {
            var perChannel = (int)(w.Length / Channels);
            for (var o = 0; o < Channels; o++)
            {
                var scale = Scale(o);
                var block = ws.Slice(o * perChannel, perChannel);
                for (var j = 0; j < perChannel; j++) block[j] *= scale;
            }
        }
        for (var o = 0; o < Channels; o++)
        {
            var convBias = conv.Bias?.Data.Span[o] ?? 0f;
            b.Span[o] = (convBias - RunningMean.Span[o]) * Scale(o) + Bias.Data.Span[o];
        }
        return (w, b);
    }

    private float Scale(int channel) => Weight.Data.Span[channel] / MathF.Sqrt(RunningVar.Span[channel] + Eps);
}
