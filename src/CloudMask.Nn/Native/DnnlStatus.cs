namespace CloudMask.Nn.Native;

/// <summary>dnnl_status_t of oneDNN 2.6 (dnnl_types.h); values verified with gcc.</summary>
public enum DnnlStatus
{
    Success = 0,
    OutOfMemory = 1,
    InvalidArguments = 2,
    Unimplemented = 3,
    IteratorEnds = 4,
    RuntimeError = 5,
    NotRequired = 6,
}
