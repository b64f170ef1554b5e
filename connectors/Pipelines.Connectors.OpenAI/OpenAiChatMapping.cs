using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using Ai = Microsoft.Extensions.AI;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// The typed chat contract to Microsoft.Extensions.AI's types (and the OpenAI options they cannot say: a strict JSON
/// schema, <c>n</c>, and the request's <c>extensions</c> written into the body as they are), and its answers back.
/// </summary>
internal static class OpenAiChatMapping
{
    public static List<Ai.ChatMessage> Messages(ChatRequest request) => [.. request.Messages.Select(Message)];

    public static ChatOptions Options(ChatRequest request) => new()
    {
        Temperature = (float?)request.Temperature,
        TopP = (float?)request.TopP,
        MaxOutputTokens = request.MaxTokens,
        StopSequences = request.Stop?.ToList(),
        Seed = request.Seed,
        Tools = request.Tools?.Select(Tool).ToList<AITool>(),
        ToolMode = request.ToolChoice?.Mode switch
        {
            null => null,
            Connectors.ChatToolMode.Auto => Ai.ChatToolMode.Auto,
            Connectors.ChatToolMode.None => Ai.ChatToolMode.None,
            Connectors.ChatToolMode.Required => Ai.ChatToolMode.RequireAny,
            _ => Ai.ChatToolMode.RequireSpecific(request.ToolChoice.Name!),
        },
        ResponseFormat = request.ResponseFormat?.Kind switch
        {
            ChatResponseKind.JsonObject => Ai.ChatResponseFormat.Json,
            ChatResponseKind.JsonSchema => Ai.ChatResponseFormat.ForJsonSchema(Element(request.ResponseFormat.Schema!), request.ResponseFormat.Name ?? "answer"),
            _ => null,
        },
        RawRepresentationFactory = _ => RawOptions(request),
    };

    /// <summary>The answer; tool calls whose arguments are not a JSON object are an invalid output.</summary>
    public static ChatResult Result(ChatResponse response, string providerId)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => Call(c, providerId)).ToList();
        var refusal = (response.RawRepresentation as ChatCompletion)?.Refusal;
        return new ChatResult(
            response.Text,
            FinishReason(response.FinishReason),
            Usage(response.Usage),
            calls.Count == 0 ? null : calls,
            string.IsNullOrEmpty(refusal) ? null : refusal);
    }

    /// <summary>A whole tool call as a stream piece: Microsoft.Extensions.AI assembles OpenAI's deltas before it yields one.</summary>
    public static ToolCallDelta Delta(FunctionCallContent call, int index, string providerId)
    {
        var whole = Call(call, providerId);
        return new ToolCallDelta(index, whole.Id, whole.Name, whole.Arguments.ToJsonString());
    }

    public static TokenUsage? Usage(UsageDetails? usage) => usage is null
        ? null
        : new TokenUsage((int)(usage.InputTokenCount ?? 0), (int)(usage.OutputTokenCount ?? 0));

    /// <summary>The finish reason as OpenAI writes it (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>).</summary>
    public static string? FinishReason(Ai.ChatFinishReason? reason) => reason?.Value;

    private static Ai.ChatMessage Message(Connectors.ChatMessage message)
    {
        List<AIContent> contents = [.. message.Parts.Select(Part)];
        if (message.Role == Connectors.ChatRole.Tool)
        {
            return new Ai.ChatMessage(Ai.ChatRole.Tool, [new FunctionResultContent(message.ToolCallId!, message.TextContent)]);
        }

        foreach (var call in message.ToolCalls ?? [])
        {
            contents.Add(new FunctionCallContent(call.Id, call.Name, Arguments(call.Arguments)));
        }

        var role = message.Role switch
        {
            Connectors.ChatRole.System => Ai.ChatRole.System,
            Connectors.ChatRole.Assistant => Ai.ChatRole.Assistant,
            _ => Ai.ChatRole.User,
        };
        return new Ai.ChatMessage(role, contents);
    }

    private static AIContent Part(ChatPart part) => part switch
    {
        TextPart text => new TextContent(text.Text),
        ImagePart { Data: { } data } image => new DataContent(Convert.FromBase64String(data), image.MediaType!),
        ImagePart { Url: { } url } when url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) => new DataContent(url),
        ImagePart image => new UriContent(new Uri(image.Url!), image.MediaType ?? "image/*"),
        _ => throw new ConnectorException(OutcomeClass.InvalidRequest, $"Unsupported message part {part.GetType().Name}."),
    };

    private static AIFunctionDeclaration Tool(ChatTool tool) => AIFunctionFactory.CreateDeclaration(
        tool.Name, tool.Description ?? "", Element(tool.Parameters ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() }));

    /// <summary>What Microsoft.Extensions.AI cannot express, set on OpenAI's own options, which it then completes.</summary>
    private static ChatCompletionOptions RawOptions(ChatRequest request)
    {
        var options = new ChatCompletionOptions();
        if (request.ResponseFormat is { Kind: ChatResponseKind.JsonSchema, Strict: { } strict } format)
        {
            options.ResponseFormat = global::OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                format.Name ?? "answer", BinaryData.FromString(format.Schema!.ToJsonString()), jsonSchemaIsStrict: strict);
        }

#pragma warning disable SCME0001 // JsonPatch is the client's supported way to send fields it does not model.
        if (request.N is { } n)
        {
            options.Patch.Set("$.n"u8, n);
        }

        foreach (var (name, value) in request.Extensions ?? [])
        {
            options.Patch.Set(Encoding.UTF8.GetBytes($"$['{name.Replace("'", "\\'", StringComparison.Ordinal)}']"),
                BinaryData.FromString(value?.ToJsonString() ?? "null"));
        }
#pragma warning restore SCME0001

        return options;
    }

    private static ToolCall Call(FunctionCallContent call, string providerId)
    {
        if (call.Exception is not null)
        {
            throw new ConnectorException(
                OutcomeClass.InvalidOutput, $"{providerId}: the arguments of tool call '{call.Name}' are not a JSON object.", inner: call.Exception);
        }

        var arguments = JsonSerializer.SerializeToNode(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions) as JsonObject ?? [];
        return new ToolCall(call.CallId, call.Name, arguments);
    }

    private static Dictionary<string, object?> Arguments(JsonObject arguments) =>
        arguments.ToDictionary(p => p.Key, p => (object?)(p.Value is null ? null : Element(p.Value)));

    private static JsonElement Element(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
