namespace CloudMask.Stac;

/// <summary>A STAC document that cannot be used, with where it came from: "LOCATION: reason".</summary>
public sealed class StacException(string location, string reason) : IOException($"{location}: {reason}")
{
    public string Location { get; } = location;
    public string Reason { get; } = reason;
}
