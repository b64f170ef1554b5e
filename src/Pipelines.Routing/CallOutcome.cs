using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>One provider call's result: a response or the failure, with the attempt as the run records it.</summary>
internal sealed record CallOutcome(RegisteredProvider Provider, ProviderAttempt Attempt, ProviderResponse? Response, ConnectorException? Failure)
{
    public bool Succeeded => Response is not null;
}
