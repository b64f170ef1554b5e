using System.ComponentModel.DataAnnotations;

namespace Pipelines.Connectors.OpenAI;

/// <summary>One OpenAI-compatible provider, configured under <c>Pipelines:Providers:OpenAI:{id}</c>.</summary>
public sealed class OpenAiProviderOptions
{
    /// <summary>Base URL including /v1 (OpenAI, Ollama, vLLM, llama.cpp server, the sandbox).</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Chat model (or Azure deployment) name.</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>Embedding model (or Azure deployment); without it the provider offers no embed capability.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Secret; never returned by the API nor logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Longest wait: for a whole call when not streaming (body included), and for each piece of a stream (the first
    /// chunk, then the silence between two chunks). Past it the call fails as Timeout.
    /// </summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;
}

public sealed class OpenAiConnectorOptions
{
    public const string SectionName = "Pipelines:Providers:OpenAI";

    public Dictionary<string, OpenAiProviderOptions> Providers { get; set; } = [];
}
