namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// The handler every provider built by the <c>openai</c> and <c>azure-openai</c> connector types sends through: one per
/// process, so sockets are pooled and reused. The service replaces the default with one that enforces its egress
/// policy at connect time, so a tenant's provider endpoint cannot reach an address the policy refuses.
/// </summary>
public sealed class OpenAiTransport(HttpMessageHandler handler)
{
    public static OpenAiTransport Default { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    public HttpMessageHandler Handler { get; } = handler;
}
