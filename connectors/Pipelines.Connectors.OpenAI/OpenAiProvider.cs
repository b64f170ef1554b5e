using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Pipelines.Connectors.OpenAI;

/// <summary>A chat provider on an OpenAI-compatible endpoint, called through Semantic Kernel.</summary>
public sealed class OpenAiProvider : IProviderConnector
{
    private readonly IChatCompletionService _chat;

    public OpenAiProvider(string providerId, OpenAiProviderOptions options, HttpClient httpClient, string connector = "openai")
    {
        ProviderId = providerId;
        Manifest = new ProviderManifest(connector, options.Model, [Connectors.Capabilities.Chat], Modalities: ["text"], JsonMode: true);
        httpClient.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        _chat = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion(options.Model, options.Endpoint!, options.ApiKey ?? "none", httpClient: httpClient)
            .Build()
            .GetRequiredService<IChatCompletionService>();
    }

    public string ProviderId { get; }

    public ProviderManifest Manifest { get; }

    public async Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken)
    {
        if (capability != Connectors.Capabilities.Chat)
        {
            throw new ConnectorException(OutcomeClass.InvalidRequest, $"{ProviderId} does not serve '{capability}'.");
        }

        var request = ChatInput.From(input);
        ChatMessageContent answer;
        try
        {
            answer = await _chat.GetChatMessageContentAsync(request.History, request.Settings, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw exception.ToConnectorException(ProviderId, cancellationToken.IsCancellationRequested);
        }

        var finish = answer.Metadata?.GetValueOrDefault("FinishReason")?.ToString();
        if (string.Equals(finish, "ContentFilter", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectorException(OutcomeClass.Filtered, $"{ProviderId}: the answer was withheld by the provider's content filter.");
        }

        var usage = answer.Metadata?.GetValueOrDefault("Usage") as global::OpenAI.Chat.ChatTokenUsage;
        return new ProviderResponse(
            new JsonObject
            {
                ["text"] = answer.Content ?? "",
                ["finishReason"] = finish?.ToLowerInvariant(),
                ["provider"] = ProviderId,
                ["usage"] = usage is null ? null : new JsonObject { ["input"] = usage.InputTokenCount, ["output"] = usage.OutputTokenCount },
            },
            usage is null ? null : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount));
    }
}
