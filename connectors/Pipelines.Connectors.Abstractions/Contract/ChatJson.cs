using System.Text.Json;
using System.Text.Json.Nodes;
using static Pipelines.Connectors.ContractJson;
using F = Pipelines.Connectors.ChatFields;

namespace Pipelines.Connectors;

/// <summary>
/// A chat step's <c>with</c> to <see cref="ChatRequest"/> and back, and <see cref="ChatResult"/> to the step's output
/// and back (docs/definitions.md, "Chat"). Reading throws <see cref="OutcomeClass.InvalidRequest"/> naming the field.
/// </summary>
public static class ChatJson
{
    public const string ToolModeAuto = "auto";
    public const string ToolModeNone = "none";
    public const string ToolModeRequired = "required";
    public const string FormatText = "text";
    public const string FormatJson = "json";

    /// <summary>
    /// Reads <c>system</c>, <c>messages</c> and <c>prompt</c> (in that order) into one conversation, plus tools, tool
    /// choice, response format (<c>json: true</c> means a JSON object) and sampling options.
    /// </summary>
    public static ChatRequest ReadRequest(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messages = new List<ChatMessage>();
        if (OptionalString(input[F.System], F.System) is { Length: > 0 } system)
        {
            messages.Add(ChatMessage.Text(ChatRole.System, system));
        }

        var listed = Array(input[F.Messages], F.Messages) ?? [];
        messages.AddRange(listed.Select((m, i) => ReadMessage(m, $"{F.Messages}[{i}]")));
        if (OptionalString(input[F.Prompt], F.Prompt) is { Length: > 0 } prompt)
        {
            messages.Add(ChatMessage.Text(ChatRole.User, prompt));
        }

        if (messages.Count == 0)
        {
            throw Invalid("A chat step needs a prompt or messages.");
        }

        var tools = Array(input[F.Tools], F.Tools)?.Select((t, i) => ReadTool(t, $"{F.Tools}[{i}]")).ToList();
        var choice = ReadToolChoice(input[F.ToolChoice], tools);
        var format = ReadResponseFormat(input[F.ResponseFormat]);
        if (Boolean(input[F.Json], F.Json) == true)
        {
            format ??= ChatResponseFormat.JsonObject;
        }

        return new ChatRequest(
            messages,
            tools,
            choice,
            format,
            Number(input[F.Temperature], F.Temperature),
            Number(input[F.TopP], F.TopP),
            (int?)Integer(input[F.MaxTokens], F.MaxTokens),
            ReadStop(input[F.Stop]),
            Integer(input[F.Seed], F.Seed),
            (int?)Integer(input[F.N], F.N),
            Copy(Object(input[F.Extensions], F.Extensions)));
    }

    /// <summary>The request as a step's <c>with</c> in its canonical form (every message in <c>messages</c>).</summary>
    public static JsonObject Write(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var output = new JsonObject { [F.Messages] = new JsonArray([.. request.Messages.Select(WriteMessage)]) };
        if (request.Tools is { } tools)
        {
            output[F.Tools] = new JsonArray([.. tools.Select(WriteTool)]);
        }

        Set(output, F.ToolChoice, request.ToolChoice is { } choice ? WriteToolChoice(choice) : null);
        Set(output, F.ResponseFormat, request.ResponseFormat is { } format ? WriteResponseFormat(format) : null);
        Set(output, F.Temperature, request.Temperature);
        Set(output, F.TopP, request.TopP);
        Set(output, F.MaxTokens, request.MaxTokens);
        Set(output, F.Stop, request.Stop is { } stop ? new JsonArray([.. stop.Select(s => (JsonNode)s)]) : null);
        Set(output, F.Seed, request.Seed);
        Set(output, F.N, request.N);
        Set(output, F.Extensions, Copy(request.Extensions));
        return output;
    }

    /// <summary>
    /// The step's output: <c>text</c>, <c>finishReason</c>, <c>usage</c> and <c>provider</c> always; <c>toolCalls</c>,
    /// <c>refusal</c> and <c>json</c> when present.
    /// </summary>
    public static JsonObject WriteResult(ChatResult result, string providerId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var output = new JsonObject
        {
            [F.Text] = result.Text,
            [F.FinishReason] = result.FinishReason,
            [CapabilityFields.Provider] = providerId,
            [F.Usage] = ContractJson.Usage(result.Usage),
        };
        if (result.ToolCalls is { Count: > 0 } calls)
        {
            output[F.ToolCalls] = new JsonArray([.. calls.Select(WriteToolCall)]);
        }

        Set(output, F.Refusal, result.Refusal);
        Set(output, F.Json, Copy(result.Json));
        return output;
    }

    /// <summary>A chat output (as <see cref="WriteResult"/> writes it, or a remote connector sends it) read back.</summary>
    public static ChatResult ReadResult(JsonNode? output)
    {
        var o = output as JsonObject ?? throw new ConnectorException(OutcomeClass.Unavailable, "The chat output is not a JSON object.");
        try
        {
            return new ChatResult(
                OptionalString(o[F.Text], F.Text) ?? "",
                OptionalString(o[F.FinishReason], F.FinishReason),
                ReadUsage(o[F.Usage]),
                Array(o[F.ToolCalls], F.ToolCalls)?.Select((c, i) => ReadToolCall(c, $"{F.ToolCalls}[{i}]")).ToList(),
                OptionalString(o[F.Refusal], F.Refusal),
                Copy(o[F.Json]));
        }
        catch (ConnectorException exception)
        {
            throw new ConnectorException(OutcomeClass.Unavailable, $"The chat output is malformed: {exception.Message}", inner: exception);
        }
    }

    /// <summary>The role as written in <c>messages[].role</c>.</summary>
    public static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        ChatRole.Tool => "tool",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Tool arguments as a JSON object, from an object or the JSON text models send; null when neither.</summary>
    public static JsonObject? ParseArguments(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ChatMessage ReadMessage(JsonNode? node, string path)
    {
        var message = Object(node, path) ?? throw Invalid($"'{path}' must be an object.");
        var roleName = String(message[F.Role], At(path, F.Role));
        var role = roleName switch
        {
            "system" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => throw Invalid($"'{At(path, F.Role)}' must be system, user, assistant or tool, not '{roleName}'."),
        };
        var parts = message[F.Content] switch
        {
            null => [],
            JsonValue text when text.GetValueKind() == JsonValueKind.String => [new TextPart(text.GetValue<string>())],
            JsonArray array => array.Select((p, i) => ReadPart(p, $"{At(path, F.Content)}[{i}]")).ToList(),
            _ => throw Invalid($"'{At(path, F.Content)}' must be a string or an array of parts."),
        };
        var calls = Array(message[F.ToolCalls], At(path, F.ToolCalls))?.Select((c, i) => ReadToolCall(c, $"{At(path, F.ToolCalls)}[{i}]")).ToList();
        var callId = OptionalString(message[F.ToolCallId], At(path, F.ToolCallId));
        if (role == ChatRole.Tool && string.IsNullOrEmpty(callId))
        {
            throw Invalid($"'{path}' is a tool message: it needs '{F.ToolCallId}', the id of the call it answers.");
        }

        if (calls is not null && role != ChatRole.Assistant)
        {
            throw Invalid($"'{At(path, F.ToolCalls)}': only assistant messages carry tool calls.");
        }

        return new ChatMessage(role, parts, calls, callId);
    }

    private static ChatPart ReadPart(JsonNode? node, string path)
    {
        var part = Object(node, path) ?? throw Invalid($"'{path}' must be an object.");
        var type = String(part[F.Type], At(path, F.Type));
        return type switch
        {
            F.Text => new TextPart(String(part[F.Text], At(path, F.Text), allowEmpty: true)),
            F.Image => ReadImage(part, path),
            _ => throw Invalid($"'{At(path, F.Type)}' must be text or image, not '{type}'."),
        };
    }

    private static ImagePart ReadImage(JsonObject part, string path)
    {
        var url = OptionalString(part[F.Url], At(path, F.Url));
        var data = OptionalString(part[F.Data], At(path, F.Data));
        if ((url is null) == (data is null))
        {
            throw Invalid($"'{path}': an image part needs either '{F.Url}' or '{F.Data}' (base64, with '{F.MediaType}').");
        }

        if (url is not null && !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)))
        {
            throw Invalid($"'{At(path, F.Url)}' must be an http(s) or data: URL.");
        }

        var mediaType = OptionalString(part[F.MediaType], At(path, F.MediaType));
        return data is not null && mediaType is null
            ? throw Invalid($"'{path}': base64 image data needs '{F.MediaType}' (e.g. image/png).")
            : new ImagePart(url, data, mediaType);
    }

    private static ToolCall ReadToolCall(JsonNode? node, string path)
    {
        var call = Object(node, path) ?? throw Invalid($"'{path}' must be an object.");
        var arguments = call[F.Arguments] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            JsonValue text when text.GetValueKind() == JsonValueKind.String => ParseArguments(text.GetValue<string>())
                ?? throw Invalid($"'{At(path, F.Arguments)}' must be a JSON object (or its text)."),
            _ => throw Invalid($"'{At(path, F.Arguments)}' must be a JSON object (or its text)."),
        };
        return new ToolCall(String(call[F.Id], At(path, F.Id)), String(call[F.Name], At(path, F.Name)), arguments);
    }

    private static ChatTool ReadTool(JsonNode? node, string path)
    {
        var tool = Object(node, path) ?? throw Invalid($"'{path}' must be an object.");
        return new ChatTool(
            String(tool[F.Name], At(path, F.Name)),
            OptionalString(tool[F.Description], At(path, F.Description)),
            Copy(Object(tool[F.Parameters], At(path, F.Parameters))));
    }

    private static ChatToolChoice? ReadToolChoice(JsonNode? node, IReadOnlyList<ChatTool>? tools)
    {
        var choice = node switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() switch
            {
                ToolModeAuto => ChatToolChoice.Auto,
                ToolModeNone => ChatToolChoice.None,
                ToolModeRequired => ChatToolChoice.Required,
                var other => throw Invalid($"'{F.ToolChoice}' must be auto, none, required or {{\"{F.Name}\": \"<tool>\"}}, not '{other}'."),
            },
            JsonObject named => ChatToolChoice.Named(String(named[F.Name], At(F.ToolChoice, F.Name))),
            _ => throw Invalid($"'{F.ToolChoice}' must be auto, none, required or {{\"{F.Name}\": \"<tool>\"}}."),
        };
        if (choice is { Mode: ChatToolMode.Named } && tools?.Any(t => t.Name == choice.Name) != true)
        {
            throw Invalid($"'{F.ToolChoice}' names '{choice.Name}', which is not in '{F.Tools}'.");
        }

        return choice;
    }

    private static ChatResponseFormat? ReadResponseFormat(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() switch
        {
            FormatText => ChatResponseFormat.Text,
            FormatJson => ChatResponseFormat.JsonObject,
            var other => throw Invalid($"'{F.ResponseFormat}' must be text, json or {{\"{F.JsonSchema}\": {{...}}}}, not '{other}'."),
        },
        JsonObject o when o[F.JsonSchema] is JsonObject schema => ChatResponseFormat.ForSchema(
            (JsonObject)schema.DeepClone(),
            OptionalString(o[F.Name], At(F.ResponseFormat, F.Name)),
            Boolean(o[F.Strict], At(F.ResponseFormat, F.Strict))),
        _ => throw Invalid($"'{F.ResponseFormat}' must be text, json or {{\"{F.JsonSchema}\": {{...}}}} holding a JSON Schema object."),
    };

    private static List<string>? ReadStop(JsonNode? node) => node switch
    {
        null => null,
        JsonValue => [String(node, F.Stop, allowEmpty: true)],
        JsonArray array => [.. array.Select((s, i) => String(s, $"{F.Stop}[{i}]", allowEmpty: true))],
        _ => throw Invalid($"'{F.Stop}' must be a string or an array of strings."),
    };

    private static JsonObject WriteMessage(ChatMessage message)
    {
        var output = new JsonObject
        {
            [F.Role] = RoleName(message.Role),
            [F.Content] = message.Parts is [TextPart only] ? only.Text : new JsonArray([.. message.Parts.Select(WritePart)]),
        };
        if (message.ToolCalls is { } calls)
        {
            output[F.ToolCalls] = new JsonArray([.. calls.Select(WriteToolCall)]);
        }

        Set(output, F.ToolCallId, message.ToolCallId);
        return output;
    }

    private static JsonObject WritePart(ChatPart part) => part switch
    {
        TextPart text => new JsonObject { [F.Type] = F.Text, [F.Text] = text.Text },
        ImagePart image => Without(new JsonObject
        {
            [F.Type] = F.Image, [F.Url] = image.Url, [F.Data] = image.Data, [F.MediaType] = image.MediaType,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
    };

    private static JsonObject WriteToolCall(ToolCall call) =>
        new() { [F.Id] = call.Id, [F.Name] = call.Name, [F.Arguments] = call.Arguments.DeepClone() };

    private static JsonObject WriteTool(ChatTool tool) => Without(new JsonObject
    {
        [F.Name] = tool.Name, [F.Description] = tool.Description, [F.Parameters] = Copy(tool.Parameters),
    });

    private static JsonNode WriteToolChoice(ChatToolChoice choice) => choice.Mode switch
    {
        ChatToolMode.Auto => ToolModeAuto,
        ChatToolMode.None => ToolModeNone,
        ChatToolMode.Required => ToolModeRequired,
        _ => new JsonObject { [F.Name] = choice.Name },
    };

    private static JsonNode WriteResponseFormat(ChatResponseFormat format) => format.Kind switch
    {
        ChatResponseKind.Text => FormatText,
        ChatResponseKind.JsonObject => FormatJson,
        _ => Without(new JsonObject { [F.JsonSchema] = Copy(format.Schema), [F.Name] = format.Name, [F.Strict] = format.Strict }),
    };

    private static void Set(JsonObject target, string field, JsonNode? value)
    {
        if (value is not null)
        {
            target[field] = value;
        }
    }

    private static JsonObject Without(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }
}
