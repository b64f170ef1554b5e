namespace Pipelines.Connectors;

/// <summary>Typed calls over <see cref="IProviderConnector.InvokeAsync"/>, for callers that hold a request record.</summary>
public static class ProviderConnectorCalls
{
    /// <summary>A chat call; the answer is checked against the request's response format (<see cref="StructuredOutput"/>).</summary>
    public static async Task<ChatResult> ChatAsync(this IProviderConnector connector, ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var response = await connector.InvokeAsync(Capabilities.Chat, ChatJson.Write(request), cancellationToken);
        return StructuredOutput.Apply(request, ChatJson.ReadResult(response.Output), connector.ProviderId);
    }

    public static async Task<EmbedResult> EmbedAsync(this IProviderConnector connector, EmbedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var response = await connector.InvokeAsync(Capabilities.Embed, EmbedJson.Write(request), cancellationToken);
        return EmbedJson.ReadResult(response.Output);
    }
}
