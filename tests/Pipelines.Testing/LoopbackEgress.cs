namespace Pipelines.Testing;

/// <summary>
/// The egress allow list every test service needs: sandboxes and sample connectors listen on 127.0.0.1, which the
/// service refuses to call by default. Tests of the policy itself use addresses outside it (other loopback addresses,
/// private and link-local ranges).
/// </summary>
public static class LoopbackEgress
{
    /// <summary>The setting as an environment variable (first entry of <c>Pipelines:Egress:Allow</c>).</summary>
    public const string Key = "Pipelines__Egress__Allow__0";

    /// <summary>The setting's configuration path.</summary>
    public const string Setting = "Pipelines:Egress:Allow:0";

    public const string Value = "127.0.0.1";
}
