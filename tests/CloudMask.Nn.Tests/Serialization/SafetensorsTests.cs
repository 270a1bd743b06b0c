using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CloudMask.Nn.Models;
using CloudMask.Nn.Serialization;
using CloudMask.Nn.Tensors;

namespace CloudMask.Nn.Tests.Serialization;

public class SafetensorsTests
{
    [Fact]
    public void Round_trip_is_bit_identical_and_keeps_metadata()
    {
        var weird = Tensor.FromArray([float.NaN, -0f, float.Epsilon, float.MaxValue, 1.1f, -3f], 2, 3);
        var tensors = new Dictionary<string, Tensor> { ["a.weight"] = weird, ["b"] = Tensor.RandomNormal(new Random(1), 1f, 4, 1, 3, 3) };
        using var stream = new MemoryStream();
        Safetensors.Write(stream, tensors, new Dictionary<string, string> { ["architecture"] = "x", ["levels"] = "5" });
        stream.Position = 0;

        var (loaded, metadata) = Safetensors.Read(stream);

        Assert.Equal("x", metadata["architecture"]);
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.Shape.ToArray(), loaded[name].Shape.ToArray());
            Assert.Equal(Bits(t), Bits(loaded[name]));
        }
    }

    [Fact]
    public void Written_header_follows_the_format()
    {
        using var stream = new MemoryStream();
        Safetensors.Write(stream, new Dictionary<string, Tensor> { ["w"] = Tensor.FromArray([1f, 2f], 2), ["v"] = Tensor.FromArray([3f], 1, 1) });
        var bytes = stream.ToArray();
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd(' '));
        var v = header.RootElement.GetProperty("v");
        Assert.Equal("F32", v.GetProperty("dtype").GetString());
        Assert.Equal([1, 1], v.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        var w = header.RootElement.GetProperty("w").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 8 + headerLength + (int)w[0] + 4));
        Assert.Equal(bytes.Length, 8 + headerLength + 12);
    }

    [Fact]
    public void Reads_a_file_written_by_hand()
    {
        // What safetensors.torch.save_file({"x": torch.tensor([[1.5, -2.0]])}) produces (unpadded header).
        var json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},\"__metadata__\":{\"k\":\"v\"}}";
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes((ulong)json.Length));
        bytes.AddRange(Encoding.UTF8.GetBytes(json));
        bytes.AddRange(BitConverter.GetBytes(1.5f));
        bytes.AddRange(BitConverter.GetBytes(-2f));

        var (tensors, metadata) = Safetensors.Read(new MemoryStream(bytes.ToArray()));

        Assert.Equal([1.5f, -2f], tensors["x"].ToArray());
        Assert.Equal("v", metadata["k"]);
    }

    [Fact]
    public void Other_dtypes_are_rejected_with_the_name()
    {
        var json = "{\"x\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        var bytes = BitConverter.GetBytes((ulong)json.Length).Concat(Encoding.UTF8.GetBytes(json)).Concat(new byte[2]).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Read(new MemoryStream(bytes)));
        Assert.Contains("F16", error.Message);
    }

    [Fact]
    public void Unet_file_rebuilds_the_architecture_from_its_metadata()
    {
        var options = new UNetOptions { InChannels = 2, Classes = 3, BaseFilters = 4, Levels = 2, BatchNorm = true, Seed = 3 };
        using var net = UNet.Build(options);
        var path = Path.Combine(Path.GetTempPath(), $"unet-{Guid.NewGuid():N}.safetensors");
        try
        {
            UNetFile.Save(path, options, net, new Dictionary<string, string> { ["trained_on"] = "toy" });
            var (loaded, loadedOptions, metadata) = UNetFile.Load(path);
            Assert.Equal(options with { Seed = 0 }, loadedOptions);
            Assert.Equal("toy", metadata["trained_on"]);
            foreach (var (name, t) in net.StateDict()) Assert.Equal(Bits(t), Bits(loaded.StateDict()[name]));
        }
        finally { File.Delete(path); }
    }

    private static int[] Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
