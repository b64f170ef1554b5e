namespace Pipelines.Routing;

/// <summary>The providers a call may go to, in the order they will be tried, and each one left out with its reason.</summary>
public sealed record RoutePlan(IReadOnlyList<RegisteredProvider> Candidates, IReadOnlyList<string> Excluded);
