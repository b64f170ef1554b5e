using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>
/// A chat call as every connector receives it: the conversation, the tools the model may call, the answer's format and
/// sampling options. <see cref="Extensions"/> holds fields we do not model; connectors forward them as they are.
/// Read from and written to a step's <c>with</c> by <see cref="ChatJson"/>.
/// </summary>
public sealed record ChatRequest(
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<ChatTool>? Tools = null,
    ChatToolChoice? ToolChoice = null,
    ChatResponseFormat? ResponseFormat = null,
    double? Temperature = null,
    double? TopP = null,
    int? MaxTokens = null,
    IReadOnlyList<string>? Stop = null,
    long? Seed = null,
    int? N = null,
    JsonObject? Extensions = null);

/// <summary>Who speaks a message; <see cref="Tool"/> carries a tool's result back to the model.</summary>
public enum ChatRole
{
    System,
    User,
    Assistant,
    Tool,
}

/// <summary>
/// One message: its parts (text, images), the tool calls an assistant made, or, for a <see cref="ChatRole.Tool"/>
/// message, the id of the call it answers.
/// </summary>
public sealed record ChatMessage(
    ChatRole Role,
    IReadOnlyList<ChatPart> Parts,
    IReadOnlyList<ToolCall>? ToolCalls = null,
    string? ToolCallId = null)
{
    public static ChatMessage Text(ChatRole role, string text) => new(role, [new TextPart(text)]);

    /// <summary>The message's text parts joined, for models and checks that read text only.</summary>
    public string TextContent => string.Concat(Parts.OfType<TextPart>().Select(p => p.Text));
}

/// <summary>A piece of a message's content.</summary>
public abstract record ChatPart;

public sealed record TextPart(string Text) : ChatPart;

/// <summary>An image by URL (https or a <c>data:</c> URI) or as base64 <see cref="Data"/> with its media type.</summary>
public sealed record ImagePart(string? Url = null, string? Data = null, string? MediaType = null) : ChatPart;

/// <summary>A call the model asked for: the call's id, the function's name and its arguments as a JSON object.</summary>
public sealed record ToolCall(string Id, string Name, JsonObject Arguments);

/// <summary>A function the model may call; <see cref="Parameters"/> is a JSON Schema of its arguments.</summary>
public sealed record ChatTool(string Name, string? Description = null, JsonObject? Parameters = null);

/// <summary>Whether the model may, must or must not call tools, or which one it must call.</summary>
public sealed record ChatToolChoice(ChatToolMode Mode, string? Name = null)
{
    public static ChatToolChoice Auto { get; } = new(ChatToolMode.Auto);
    public static ChatToolChoice None { get; } = new(ChatToolMode.None);
    public static ChatToolChoice Required { get; } = new(ChatToolMode.Required);

    public static ChatToolChoice Named(string name) => new(ChatToolMode.Named, name);
}

public enum ChatToolMode
{
    Auto,
    None,
    Required,
    Named,
}

/// <summary>
/// The answer's format: free text, any JSON object, or JSON that must satisfy <see cref="Schema"/>. For both JSON kinds
/// the answer is parsed (and checked) by <see cref="StructuredOutput"/> before it counts as a success.
/// </summary>
public sealed record ChatResponseFormat(ChatResponseKind Kind, JsonObject? Schema = null, string? Name = null, bool? Strict = null)
{
    public static ChatResponseFormat Text { get; } = new(ChatResponseKind.Text);
    public static ChatResponseFormat JsonObject { get; } = new(ChatResponseKind.JsonObject);

    public static ChatResponseFormat ForSchema(JsonObject schema, string? name = null, bool? strict = null) =>
        new(ChatResponseKind.JsonSchema, schema, name, strict);

    public bool IsJson => Kind != ChatResponseKind.Text;
}

public enum ChatResponseKind
{
    Text,
    JsonObject,
    JsonSchema,
}
