using CloudMask.Nn.Kernels;
using CloudMask.Nn.Native;

namespace CloudMask.Nn.Tests.Native;

public class NativeErrorTests
{
    [Fact]
    public void A_missing_library_gives_one_line_with_the_install_command()
    {
        var error = Assert.Throws<NativeLibraryMissingException>(() => DnnlLibrary.LoadOrThrow(DnnlLibrary.DnnlFileName + ".does-not-exist"));
        Assert.IsAssignableFrom<DllNotFoundException>(error);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("apt-get install libdnnl-dev", error.Message);
        Assert.Equal("oneDNN (libdnnl.so.2) is not installed: run `sudo apt-get install libdnnl-dev`", new NativeLibraryMissingException(DnnlLibrary.DnnlFileName).Message);
    }

    [Fact]
    public void A_failing_onednn_call_becomes_a_typed_exception_naming_the_call()
    {
        // 13 dimensions exceed DNNL_MAX_NDIMS (12): oneDNN answers invalid_arguments.
        var error = Assert.Throws<DnnlException>(() => MemoryDesc.Any(new long[13]));
        Assert.Equal(DnnlStatus.InvalidArguments, error.Status);
        Assert.Equal("dnnl_memory_desc_init_by_tag", error.Operation);
    }

    [Fact]
    public void Invalid_geometry_is_rejected_before_reaching_onednn()
    {
        Assert.Throws<ArgumentException>(() => new DnnlConvolution(new ConvGeometry(1, 3, 8, 8, 4, 3, 3, Groups: 2), hasBias: false, training: false));
    }

    [Fact]
    public unsafe void Struct_sizes_match_the_header()
    {
        // Verified with gcc and sizeof against dnnl.h 2.6.3: a change here means a different oneDNN.
        Assert.Equal(696, sizeof(MemoryDesc));
        Assert.Equal(5976, sizeof(ConvolutionOpDesc));
        Assert.Equal(16, sizeof(ExecArg));
    }
}
