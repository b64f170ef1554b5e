using Pipelines.Core.Definitions;
using Pipelines.Engine.Routes;

namespace Pipelines.Api.Gateway;

/// <summary>
/// Gateway routes declared in configuration (<c>Pipelines:Gateway:Routes:{name}</c>: appsettings, a mounted file, or
/// environment) so they are versioned with the deployment, and shared by every tenant. A route is what an OpenAI client
/// names as its <c>model</c>; tenants also manage their own routes through <c>/api/v1/routes</c>.
/// </summary>
public sealed class GatewayRoutesOptions
{
    public const string SectionName = "Pipelines:Gateway";

    public Dictionary<string, GatewayRoute> Routes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A provider set with a policy, exactly as a pipeline step would declare them.</summary>
public sealed class GatewayRoute
{
    public List<string> Providers { get; set; } = [];

    public RoutingStrategy? Strategy { get; set; }

    public List<SwapReason> SwapOn { get; set; } = [];

    public Dictionary<string, decimal> Weights { get; set; } = [];

    public string? HedgeDelay { get; set; }

    public string? Deadline { get; set; }

    public StreamCommit? Commit { get; set; }

    public List<string> Residency { get; set; } = [];

    public List<string> Locality { get; set; } = [];

    public decimal? MaxCostPer1kTokens { get; set; }

    public RoutingPolicy Policy => new()
    {
        Strategy = Strategy, SwapOn = SwapOn, Weights = Weights, HedgeDelay = HedgeDelay, Deadline = Deadline, Commit = Commit,
    };

    public StepConstraints Constraints => new() { Residency = Residency, Locality = Locality, MaxCostPer1kTokens = MaxCostPer1kTokens };

    public RouteEntry ToEntry(string name) => new(new RouteSpec(name, null, Providers, Policy, Constraints), RouteOrigin.Configuration, null);
}
