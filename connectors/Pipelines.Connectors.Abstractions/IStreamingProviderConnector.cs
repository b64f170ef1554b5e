using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>
/// A provider that can stream a chat answer. Failures before or during the stream throw <see cref="ConnectorException"/>;
/// a stream cut or malformed mid-answer throws with <see cref="OutcomeClass.Unavailable"/>, never ends as if complete.
/// </summary>
public interface IStreamingProviderConnector : IProviderConnector
{
    IAsyncEnumerable<StreamChunk> StreamAsync(string capability, JsonObject input, CancellationToken cancellationToken);
}
