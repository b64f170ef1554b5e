using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>The smallest real call of each built-in capability, for probes that check a provider answers.</summary>
public static class CapabilityProbes
{
    /// <summary>A fresh input for <paramref name="capability"/>, or null when no probe is defined for it.</summary>
    public static JsonObject? InputFor(string capability) => capability switch
    {
        Capabilities.Chat => ChatJson.Write(new ChatRequest([ChatMessage.Text(ChatRole.User, "ping")], MaxTokens: 1)),
        Capabilities.Embed => EmbedJson.Write(new EmbedRequest(["ping"], ScalarInput: true)),
        Capabilities.Classify => ClassifyJson.Write(new ClassifyRequest("ping", [new ClassifyLabel("yes"), new ClassifyLabel("no")])),
        _ => null,
    };
}
