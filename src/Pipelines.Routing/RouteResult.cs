using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>
/// The answer, the provider that gave it and the model that answered, and every call made on the way (failed, refused
/// by a circuit, or lost a hedge).
/// </summary>
public sealed record RouteResult(ProviderResponse Response, string Provider, IReadOnlyList<ProviderAttempt> Attempts, string Model);
