namespace Pipelines.Connectors;

/// <summary>The one error a connector raises: every vendor failure is converted to an outcome class at the connector's edge.</summary>
public sealed class ConnectorException(OutcomeClass outcome, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public OutcomeClass Outcome { get; } = outcome;

    /// <summary>How long the provider asked us to stay away (from Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
