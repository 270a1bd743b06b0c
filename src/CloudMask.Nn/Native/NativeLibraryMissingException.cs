namespace CloudMask.Nn.Native;

/// <summary>A native library the engine needs (oneDNN) cannot be loaded. The message is one line
/// that says how to install it, so a command line can print it as is.</summary>
public sealed class NativeLibraryMissingException : DllNotFoundException
{
    public NativeLibraryMissingException(string fileName)
        : base(fileName == DnnlLibrary.DnnlFileName
            ? $"oneDNN ({fileName}) is not installed: run `sudo apt-get install libdnnl-dev`"
            : $"{fileName} is not installed: run `sudo apt-get install libdnnl-dev` (it brings {fileName})")
    {
        FileName = fileName;
    }

    public string FileName { get; }
}
