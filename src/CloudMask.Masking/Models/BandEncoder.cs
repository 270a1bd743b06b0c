using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;
using CloudMask.Raster.Spectral;

namespace CloudMask.Masking.Models;

/// <summary>
/// The sensor-independent front of cloudmask-any: turns any set of bands into a fixed number of
/// feature channels, whatever their number and order.
///
/// Each band's descriptor (<see cref="BandDescriptor"/>) goes through a small MLP that gives, per
/// feature channel c, a scale a[b,c] and a shift s[b,c] (FiLM). The band's reflectance r then
/// gives z[b,c] = a[b,c] r + s[b,c] and y = ReLU(z): C piecewise-linear responses whose shape
/// depends on where the band sits in the spectrum. The output pools y over bands, by mean
/// (channels 0..C-1) and by max (channels C..2C-1): a set function (DeepSets), so band order
/// and count do not matter, and a band the input lacks simply contributes nothing.
///
/// Backward is explicit: the pooled gradients flow to z through the mean (1/B each) and the
/// argmax band saved in Forward, then to a and s (sums over pixels), then through the MLP.
/// </summary>
public sealed class BandEncoder : Module
{
    private readonly Sequential mlp;
    private IReadOnlyList<SpectralBand> bands = [];
    private Tensor? savedInput, savedFilm;
    private byte[]? savedArgMax;

    public BandEncoder(int channels, int hiddenWidth, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenWidth, 1);
        Channels = channels;
        mlp = RegisterModule("mlp", new Sequential(
            new Linear(BandDescriptor.FeatureCount, hiddenWidth, random: random),
            new ReLU(),
            new Linear(hiddenWidth, 2 * channels, random: random)));
    }

    /// <summary>C: the output has 2C channels (mean and max over bands).</summary>
    public int Channels { get; }

    /// <summary>When set, Backward also returns dLoss/dReflectance (tests; training does not need it).</summary>
    public bool ComputeInputGradient { get; set; }

    /// <summary>The bands of the next training <see cref="Forward(Tensor)"/>, in input channel order.</summary>
    public IReadOnlyList<SpectralBand> Bands
    {
        get => bands;
        set => bands = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>(N, B, H, W) reflectance of <see cref="Bands"/> to (N, 2C, H, W) features.</summary>
    public override Tensor Forward(Tensor input)
    {
        input = input.ToPlain();
        if (input.Rank != 4 || input.Dim(1) != bands.Count)
            throw new ArgumentException($"BandEncoder expects (N, {bands.Count}, H, W) for its {bands.Count} bands, got {input}.", nameof(input));
        var film = mlp.Forward(Descriptors(bands));
        var argMax = IsTraining ? new byte[input.Dim(0) * Channels * input.Dim(2) * input.Dim(3)] : null;
        var output = Pool(input, film, argMax);
        if (IsTraining) { savedInput = input; savedFilm = film; savedArgMax = argMax; }
        else film.Dispose();
        return output;
    }

    /// <summary>Inference for a given band list without touching the module's state (thread-safe in eval mode).</summary>
    public Tensor Encode(Tensor input, IReadOnlyList<SpectralBand> inputBands)
    {
        if (IsTraining) throw new InvalidOperationException("Encode is for inference; call Eval() first.");
        if (input.Rank != 4 || input.Dim(1) != inputBands.Count)
            throw new ArgumentException($"expected (N, {inputBands.Count}, H, W), got {input}", nameof(input));
        using var film = Film(inputBands);
        return Pool(input.ToPlain(), film, null);
    }

    /// <summary>The FiLM parameters for <paramref name="inputBands"/>: a (B, 2C) tensor whose row b holds
    /// band b's scales a[b, 0..C-1] then its shifts s[b, 0..C-1]. They depend on the bands alone, so a
    /// network exported for a fixed band set can hold them as constants (CloudMask.Onnx).</summary>
    public Tensor Film(IReadOnlyList<SpectralBand> inputBands)
    {
        if (IsTraining) throw new InvalidOperationException("Film is for inference; call Eval() first.");
        using var descriptors = Descriptors(inputBands);
        return mlp.Forward(descriptors);
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var x = Saved(savedInput, nameof(BandEncoder));
        var film = savedFilm!;
        var argMax = savedArgMax!;
        gradOutput = gradOutput.ToPlain();
        int n = x.Dim(0), b = x.Dim(1), plane = x.Dim(2) * x.Dim(3), c = Channels;
        var gradFilm = new Tensor(b, 2 * c);
        var xs = x; var gs = gradOutput; var fs = film; var gf = gradFilm;
        // One channel per task: each writes only its own a/s gradients.
        Parallel.For(0, c, ch =>
        {
            var f = fs.Span; var xSpan = xs.Span; var g = gs.Span;
            for (var band = 0; band < b; band++)
            {
                float a = f[band * 2 * c + ch], s = f[band * 2 * c + c + ch];
                double da = 0, ds = 0;
                for (var item = 0; item < n; item++)
                {
                    var r = xSpan.Slice((item * b + band) * plane, plane);
                    var gMean = g.Slice((item * 2 * c + ch) * plane, plane);
                    var gMax = g.Slice((item * 2 * c + c + ch) * plane, plane);
                    var arg = argMax.AsSpan((item * c + ch) * plane, plane);
                    for (var p = 0; p < plane; p++)
                    {
                        if (a * r[p] + s <= 0) continue;
                        var dz = gMean[p] / b + (arg[p] == band ? gMax[p] : 0f);
                        da += dz * r[p];
                        ds += dz;
                    }
                }
                gf.Span[band * 2 * c + ch] = (float)da;
                gf.Span[band * 2 * c + c + ch] = (float)ds;
            }
        });
        var gradInput = ComputeInputGradient ? InputGradient(x, film, argMax, gradOutput) : new Tensor(x.Shape.ToArray());
        mlp.Backward(gradFilm).Dispose();
        gradFilm.Dispose();
        film.Dispose();
        savedInput = savedFilm = null;
        savedArgMax = null;
        return gradInput;
    }

    private Tensor InputGradient(Tensor x, Tensor film, byte[] argMax, Tensor gradOutput)
    {
        int n = x.Dim(0), b = x.Dim(1), plane = x.Dim(2) * x.Dim(3), c = Channels;
        var gradInput = new Tensor(x.Shape.ToArray());
        Parallel.For(0, n * b, task =>
        {
            int item = task / b, band = task % b;
            var f = film.Span;
            var r = x.Span.Slice((item * b + band) * plane, plane);
            var dr = gradInput.Span.Slice((item * b + band) * plane, plane);
            for (var ch = 0; ch < c; ch++)
            {
                float a = f[band * 2 * c + ch], s = f[band * 2 * c + c + ch];
                var gMean = gradOutput.Span.Slice((item * 2 * c + ch) * plane, plane);
                var gMax = gradOutput.Span.Slice((item * 2 * c + c + ch) * plane, plane);
                var arg = argMax.AsSpan((item * c + ch) * plane, plane);
                for (var p = 0; p < plane; p++)
                    if (a * r[p] + s > 0) dr[p] += a * (gMean[p] / b + (arg[p] == band ? gMax[p] : 0f));
            }
        });
        return gradInput;
    }

    /// <summary>Mean and max over bands of ReLU(a r + s); records the argmax band when asked (255: none positive).</summary>
    private Tensor Pool(Tensor x, Tensor film, byte[]? argMax)
    {
        int n = x.Dim(0), b = x.Dim(1), plane = x.Dim(2) * x.Dim(3), c = Channels;
        if (b > 254) throw new ArgumentException($"{b} bands: at most 254 are supported.");
        var output = new Tensor(n, 2 * c, x.Dim(2), x.Dim(3));
        var inverseCount = 1f / b;
        Parallel.For(0, n * c, task =>
        {
            int item = task / c, ch = task % c;
            var f = film.Span;
            var mean = output.Span.Slice((item * 2 * c + ch) * plane, plane);
            var max = output.Span.Slice((item * 2 * c + c + ch) * plane, plane);
            var arg = argMax is null ? default : argMax.AsSpan((item * c + ch) * plane, plane);
            if (argMax is not null) arg.Fill(255);
            for (var band = 0; band < b; band++)
            {
                float a = f[band * 2 * c + ch], s = f[band * 2 * c + c + ch];
                var r = x.Span.Slice((item * b + band) * plane, plane);
                for (var p = 0; p < plane; p++)
                {
                    var y = a * r[p] + s;
                    if (y <= 0) continue;
                    mean[p] += y * inverseCount;
                    if (y > max[p])
                    {
                        max[p] = y;
                        if (argMax is not null) arg[p] = (byte)band;
                    }
                }
            }
        });
        return output;
    }

    private static Tensor Descriptors(IReadOnlyList<SpectralBand> bands)
    {
        var d = new Tensor(bands.Count, BandDescriptor.FeatureCount);
        for (var i = 0; i < bands.Count; i++) BandDescriptor.Encode(bands[i]).CopyTo(d.Span.Slice(i * BandDescriptor.FeatureCount));
        return d;
    }
}
