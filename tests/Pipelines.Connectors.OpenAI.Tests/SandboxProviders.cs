using System.Text.Json.Nodes;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>Providers pointed at a sandbox, and the inputs the tests send them.</summary>
internal static class SandboxProviders
{
    public const string ChatModel = "m";
    public const string EmbeddingModel = "e";

    public static OpenAiProvider Provider(Uri endpoint, int timeoutSeconds = 10, string? embeddingModel = EmbeddingModel) =>
        new("sandbox", new OpenAiProviderOptions
        {
            Endpoint = endpoint,
            Model = ChatModel,
            EmbeddingModel = embeddingModel,
            TimeoutSeconds = timeoutSeconds,
        }, new HttpClient());

    public static JsonObject Prompt(string text) => new() { ["prompt"] = text };

    /// <summary>Reads a whole stream: the chunks that arrived, and the failure that ended it, if one did.</summary>
    public static async Task<(List<StreamChunk> Chunks, ConnectorException? Failure)> CollectAsync(IAsyncEnumerable<StreamChunk> stream)
    {
        var chunks = new List<StreamChunk>();
        try
        {
            await foreach (var chunk in stream)
            {
                chunks.Add(chunk);
            }
        }
        catch (ConnectorException failure)
        {
            return (chunks, failure);
        }

        return (chunks, null);
    }

    public static string Text(IEnumerable<StreamChunk> chunks) => string.Concat(chunks.Select(c => c.Delta));
}
