namespace CloudMask.Nn.Native;

/// <summary>A oneDNN call returned a status other than success. Carries the status and the name
/// of the C function, e.g. "dnnl_primitive_desc_create failed: Unimplemented".</summary>
public sealed class DnnlException : Exception
{
    public DnnlException(DnnlStatus status, string operation, string? detail = null)
        : base($"{operation} failed: {status}{(detail is null ? "" : " (" + detail + ")")}")
    {
        Status = status;
        Operation = operation;
    }

    public DnnlStatus Status { get; }
    public string Operation { get; }

    /// <summary>Throws when <paramref name="status"/> is not success.</summary>
    internal static void Check(DnnlStatus status, string operation, string? detail = null)
    {
        if (status != DnnlStatus.Success) throw new DnnlException(status, operation, detail);
    }
}
