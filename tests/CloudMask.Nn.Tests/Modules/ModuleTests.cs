using CloudMask.Nn.Models;
using CloudMask.Nn.Modules;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Modules;

public class ModuleTests
{
    private sealed class Probe : Module
    {
        public void Param(string name) => RegisterParameter(name, new Parameter(new Tensor(1)));
        public void Child(string name, Module m) => RegisterModule(name, m);
        public override Tensor Forward(Tensor input) => input;
        public override Tensor Backward(Tensor gradOutput) => gradOutput;
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    public void Invalid_names_are_rejected(string name) => Assert.Throws<ArgumentException>(() => new Probe().Param(name));

    [Fact]
    public void Duplicate_names_are_rejected_across_parameters_and_modules()
    {
        var probe = new Probe();
        probe.Param("weight");
        Assert.Throws<ArgumentException>(() => probe.Param("weight"));
        Assert.Throws<ArgumentException>(() => probe.Child("weight", new ReLU()));
    }

    [Fact]
    public void State_dict_uses_dotted_paths_in_registration_order()
    {
        var net = new Sequential(new Conv2d(2, 3, 3, random: new Random(1)), new BatchNorm2d(3), new ReLU());
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var"], net.StateDict().Keys);
        Assert.Equal(3 * 2 * 9 + 3 + 3 + 3, net.ParameterCount());
    }

    [Fact]
    public void Strict_load_reports_missing_and_unexpected_keys_and_changes_nothing()
    {
        var net = new Sequential(new Linear(2, 2, random: new Random(1)));
        var before = net.StateDict()["0.weight"].ToArray();
        var state = new Dictionary<string, Tensor> { ["0.weight"] = Tensor.Full(5f, 2, 2), ["extra"] = new Tensor(1) };

        var error = Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state));
        Assert.Contains("0.bias", error.Message);
        Assert.Contains("extra", error.Message);
        Assert.Equal(before, net.StateDict()["0.weight"].ToArray());

        var result = net.LoadStateDict(state, strict: false);
        Assert.Equal(["0.bias"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.All(net.StateDict()["0.weight"].ToArray(), v => Assert.Equal(5f, v));
    }

    [Fact]
    public void Load_with_wrong_shape_throws()
    {
        var net = new Sequential(new Linear(2, 2, random: new Random(1)));
        var state = new Dictionary<string, Tensor> { ["0.weight"] = new Tensor(3, 2), ["0.bias"] = new Tensor(2) };
        Assert.Throws<InvalidOperationException>(() => net.LoadStateDict(state));
    }

    [Fact]
    public void Backward_without_training_forward_says_so()
    {
        var conv = new Conv2d(1, 1, 1);
        Assert.Throws<InvalidOperationException>(() => conv.Backward(new Tensor(1, 1, 2, 2)));
    }

    [Fact]
    public void Unet_has_the_parameter_count_of_its_definition()
    {
        // Base 4, 3 levels, 3 bands, 2 classes; every 3x3 conv has a bias.
        static long Conv(int i, int o, int k) => (long)o * i * k * k + o;
        var expected = Conv(3, 4, 3) + Conv(4, 4, 3)            // level 0 encoder
            + Conv(4, 8, 3) + Conv(8, 8, 3)                    // level 1 encoder
            + Conv(8, 16, 3) + Conv(16, 16, 3)                 // level 2 (bottom)
            + Conv(16, 8, 3) + Conv(16, 8, 3) + Conv(8, 8, 3)  // level 1 up-conv + decoder
            + Conv(8, 4, 3) + Conv(8, 4, 3) + Conv(4, 4, 3)    // level 0 up-conv + decoder
            + Conv(4, 2, 1);                                   // head
        using var net = UNet.Build(new UNetOptions { InChannels = 3, Classes = 2, BaseFilters = 4, Levels = 3 });
        Assert.Equal(expected, net.ParameterCount());
        using var y = net.Eval().Forward(new Tensor(1, 3, 16, 16));
        Assert.Equal([1, 2, 16, 16], y.Shape.ToArray());
    }
}
