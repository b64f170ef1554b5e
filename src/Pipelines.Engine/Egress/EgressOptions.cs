namespace Pipelines.Engine.Egress;

/// <summary>
/// Where the service may send requests a tenant chose (<c>Pipelines:Egress</c>): provider endpoints, remote connectors
/// and their conformance checks. Loopback, private, link-local (cloud metadata), unspecified and multicast addresses
/// are refused unless listed here.
/// </summary>
public sealed class EgressOptions
{
    public const string SectionName = "Pipelines:Egress";

    /// <summary>
    /// Exceptions to the refused ranges: CIDRs (<c>10.1.0.0/16</c>), single addresses (<c>127.0.0.1</c>) or host names
    /// (<c>ollama.internal</c>, matched exactly, whatever they resolve to).
    /// </summary>
    public List<string> Allow { get; set; } = [];
}
