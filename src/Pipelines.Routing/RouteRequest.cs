using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Routing;

/// <summary>
/// One call to route: the capability and input, the providers allowed (in the definition's order), the policy and
/// constraints (already merged with the pipeline's defaults), and the scope refusals are counted in (e.g. pipeline/step).
/// </summary>
public sealed record RouteRequest(
    string TenantId,
    string Capability,
    JsonObject Input,
    IReadOnlyList<string> Providers,
    RoutingPolicy? Policy = null,
    StepConstraints? Constraints = null,
    string? Scope = null);
