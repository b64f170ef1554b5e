namespace Pipelines.Connectors;

/// <summary>
/// The field names of the built-in capabilities' inputs (a step's <c>with</c>) and outputs (<c>steps.x.output</c>):
/// the one place they are spelled. Only the (de)serialisers (<see cref="ChatJson"/>, <see cref="EmbedJson"/>,
/// <see cref="ClassifyJson"/>) and the definition rules read them.
/// </summary>
public static class ChatFields
{
    public const string Prompt = "prompt";
    public const string System = "system";
    public const string Messages = "messages";
    public const string Role = "role";
    public const string Content = "content";
    public const string Type = "type";
    public const string Text = "text";
    public const string Image = "image";
    public const string Url = "url";
    public const string Data = "data";
    public const string MediaType = "mediaType";
    public const string ToolCalls = "toolCalls";
    public const string ToolCallId = "toolCallId";
    public const string Id = "id";
    public const string Name = "name";
    public const string Arguments = "arguments";
    public const string Tools = "tools";
    public const string Description = "description";
    public const string Parameters = "parameters";
    public const string ToolChoice = "toolChoice";
    public const string ResponseFormat = "responseFormat";
    public const string JsonSchema = "jsonSchema";
    public const string Strict = "strict";
    public const string Json = "json";
    public const string Temperature = "temperature";
    public const string TopP = "topP";
    public const string MaxTokens = "maxTokens";
    public const string Stop = "stop";
    public const string Seed = "seed";
    public const string N = "n";
    public const string Extensions = "extensions";

    public const string FinishReason = "finishReason";
    public const string Usage = "usage";
    public const string Refusal = "refusal";

    /// <summary>The inputs a chat step's <c>with</c> may hold.</summary>
    public static IReadOnlyList<string> Inputs { get; } =
        [Prompt, System, Messages, Tools, ToolChoice, ResponseFormat, Json, Temperature, TopP, MaxTokens, Stop, Seed, N, Extensions];

    /// <summary>The fields of a chat step's output (<c>json</c> only when JSON was asked for, <c>toolCalls</c> only when made).</summary>
    public static IReadOnlyList<string> Outputs { get; } = [Text, FinishReason, Usage, ToolCalls, Refusal, Json, CapabilityFields.Provider];
}

public static class EmbedFields
{
    public const string Input = "input";
    public const string Dimensions = "dimensions";
    public const string Vector = "vector";
    public const string Vectors = "vectors";

    public static IReadOnlyList<string> Outputs { get; } = [Vector, Vectors, Dimensions, CapabilityFields.Usage, CapabilityFields.Provider];
}

public static class ClassifyFields
{
    public const string Text = "text";
    public const string Labels = "labels";
    public const string Label = "label";
    public const string Description = "description";
    public const string Score = "score";
    public const string Scores = "scores";

    public static IReadOnlyList<string> Outputs { get; } = [Label, Score, Scores, CapabilityFields.Provider];
}

/// <summary>Fields every capability's output may carry, and the output fields of each built-in capability.</summary>
public static class CapabilityFields
{
    /// <summary>The provider that answered.</summary>
    public const string Provider = "provider";

    /// <summary>Token usage: <c>{input, output}</c>.</summary>
    public const string Usage = "usage";
    public const string UsageInput = "input";
    public const string UsageOutput = "output";

    /// <summary>The output fields of a built-in capability, or null for capabilities connectors declare.</summary>
    public static IReadOnlyList<string>? OutputsOf(string capability) => capability switch
    {
        Capabilities.Chat => ChatFields.Outputs,
        Capabilities.Embed => EmbedFields.Outputs,
        Capabilities.Classify => ClassifyFields.Outputs,
        _ => null,
    };
}
