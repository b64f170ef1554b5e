using Pipelines.Core.Definitions;

namespace Pipelines.Core.Tests.Support;

/// <summary>Providers with the capabilities each offers, including those of a default install (deploy/local/providers.yaml).</summary>
internal static class TestCatalog
{
    public static InMemoryProviderCatalog Registered { get; } = new(new Dictionary<string, IReadOnlySet<string>>
    {
        ["openai-main"] = new HashSet<string> { "chat", "embed", "classify" },
        ["azure-backup"] = new HashSet<string> { "chat", "embed" },
        ["ollama-local"] = new HashSet<string> { "chat", "embed" },
        ["local-minilm"] = new HashSet<string> { "embed", "classify" },
        ["local-arctic"] = new HashSet<string> { "embed", "classify" },
        ["demo-chat-primary"] = new HashSet<string> { "chat" },
        ["demo-chat-backup"] = new HashSet<string> { "chat" },
        ["sandbox-primary"] = new HashSet<string> { "chat", "embed", "classify" },
        ["sandbox-backup"] = new HashSet<string> { "chat", "embed", "classify" },
        ["ocr-remote"] = new HashSet<string> { "ocr" },
    });
}
