using System.Text.Json.Nodes;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Pipelines.Connectors.OpenAI;

/// <summary>A chat step's <c>with</c> (prompt or messages, system, temperature, maxTokens, json) as Semantic Kernel input.</summary>
public sealed record ChatInput(ChatHistory History, OpenAIPromptExecutionSettings Settings)
{
    public static ChatInput From(JsonObject input)
    {
        var history = new ChatHistory();
        if (input["system"]?.ToString() is { Length: > 0 } system)
        {
            history.AddSystemMessage(system);
        }

        if (input["messages"] is JsonArray messages)
        {
            foreach (var message in messages.OfType<JsonObject>())
            {
                var content = message["content"]?.ToString() ?? "";
                switch (message["role"]?.ToString())
                {
                    case "system": history.AddSystemMessage(content); break;
                    case "assistant": history.AddAssistantMessage(content); break;
                    default: history.AddUserMessage(content); break;
                }
            }
        }

        if (input["prompt"]?.ToString() is { Length: > 0 } prompt)
        {
            history.AddUserMessage(prompt);
        }

        if (history.Count == 0)
        {
            throw new ConnectorException(OutcomeClass.InvalidRequest, "A chat step needs a prompt or messages.");
        }

        return new ChatInput(history, new OpenAIPromptExecutionSettings
        {
            Temperature = Number(input["temperature"]),
            MaxTokens = (int?)Number(input["maxTokens"]),
            ResponseFormat = input["json"]?.GetValueKind() == System.Text.Json.JsonValueKind.True ? "json_object" : null,
        });
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
