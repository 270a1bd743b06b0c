using CloudMask.Masking.Models;
using CloudMask.Masking.Training;
using CloudMask.Nn.Models;
using CloudMask.Raster.Spectral;
using CloudMask.TestSupport;

namespace CloudMask.Masking.Tests;

public class KappaMaskUNetTests
{
    [Theory]
    [InlineData(4, 64)]
    [InlineData(8, 64)]
    [InlineData(5, 48)]
    public void Only_the_papers_levels_and_filters_are_accepted(int levels, int filters) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KappaMaskUNetOptions { Levels = levels, BaseFilters = filters }.Validate());

    [Fact]
    public void The_paper_configuration_has_the_expected_size()
    {
        // Paper: 31.0 M parameters with 2x2 up-convolutions. The engine's U-Net uses 3x3 ones
        // (its convolutions pad symmetrically, which a 2x2 'same' convolution cannot), adding
        // 10 (64^2 + 128^2 + 256^2 + 512^2) = 3.48 M: 34.52 M.
        var options = new KappaMaskUNetOptions { BaseFilters = 64, Levels = 5, BandSet = KappaMaskBandSet.L1C13 }.ToUNetOptions();
        Assert.Equal(13, options.InChannels);
        Assert.Equal(0.5f, options.DeepDropout);
        using var network = UNet.Build(options);
        Assert.Equal(34.52, network.ParameterCount() / 1e6, 2);
    }

    [Fact]
    public void Needs_its_band_set_by_name()
    {
        var options = new KappaMaskUNetOptions { BandSet = KappaMaskBandSet.L2A14, BaseFilters = 32 };
        using var model = new KappaMaskUNetModel(options, UNet.Build(options.ToUNetOptions()), "k");
        var problem = model.CheckBands(SensorBands.Sentinel2Msi);
        Assert.NotNull(problem);
        Assert.Contains("AOT", problem);
        Assert.Contains("WVP", problem);
        Assert.Equal(14, options.BandMaxima.Count);
    }

    [Fact]
    public void Weights_round_trip_and_predict_on_l1c_bands()
    {
        using var folder = new TempFolder("kappa");
        var options = new KappaMaskUNetOptions { BaseFilters = 32, Levels = 5, BatchNorm = true, Seed = 3 };
        using var trainable = new KappaMaskTrainable(options);
        var path = folder.File("k.safetensors");
        trainable.Save(path, new Dictionary<string, string>());
        Assert.Equal("kappamask-unet", NetworkFile.ReadMetadata(path)["architecture"]);

        using var model = (KappaMaskUNetModel)NetworkFile.Load(path);
        Assert.True(model.Options.BatchNorm);
        var bands = SensorBands.Sentinel2Msi.ToArray();
        Assert.Null(model.CheckBands(bands));
        var planes = bands.Select((_, i) => ArraySource.Field(20, 20, i)).ToArray();
        var probabilities = new float[4 * 400];
        model.Predict(new SpectralTile(bands, 20, 20, planes), probabilities);
        for (var p = 0; p < 400; p++)
            Assert.Equal(1f, probabilities[p] + probabilities[400 + p] + probabilities[800 + p] + probabilities[1200 + p], 4);
    }
}

public class KappaMaskTrainingTests
{
    [Fact]
    public void A_training_step_uses_the_named_bands_normalised_and_updates_the_weights()
    {
        using var network = new KappaMaskTrainable(new KappaMaskUNetOptions { BaseFilters = 32, Levels = 5, Seed = 1 });
        var bands = SensorBands.Sentinel2Msi.Reverse().ToArray(); // any order: the selector picks by name
        var indices = network.BandSelector.ForTraining(bands, new Random(1))!;
        Assert.Equal(network.Options.BandNames, indices.Select(i => bands[i].Name));
        Assert.Null(network.BandSelector.ForValidation(SensorBands.Landsat8Oli, 0));

        using var input = Nn.Tensors.Tensor.RandomUniform(new Random(2), 0f, 0.3f, 1, 13, 16, 16);
        var before = input.ToArray();
        var targets = Enumerable.Range(0, 256).Select(i => i % 4).ToArray();
        var head = network.Network.NamedParameters().Last().Parameter;
        var headBefore = head.Data.ToArray();
        var optimizer = new Nn.Optim.Adam(network.Module.Parameters(), new Nn.Optim.AdamOptions { LearningRate = 1e-3f });
        using var logits = network.Forward(input, indices.Select(i => bands[i]).ToArray());
        var loss = new SegmentationLoss(LossKind.CrossEntropyDice, [1, 3, 2, 1]).Compute(logits, targets);
        network.Backward(loss.Gradient);
        optimizer.Step();
        Assert.True(float.IsFinite(loss.Value));
        Assert.Equal(before, input.ToArray()); // normalisation works on a copy: validation batches are reused
        Assert.NotEqual(headBefore, head.Data.ToArray());
    }
}
