using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Connectors;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>
/// A chat step's <c>with</c>, where it is written out rather than templated: tools well-formed (names OpenAI accepts,
/// unique, parameters a JSON Schema), a tool choice naming a declared tool, a response schema that is a JSON Schema,
/// and literal messages the connectors can read. The shapes themselves are the SDK's (<see cref="ChatJson"/>).
/// </summary>
internal static partial class ChatRules
{
    public static void Check(RuleContext context, StepDefinition step, string pointer)
    {
        if (step.Uses != StepKinds.Chat || step.With is not { } with)
        {
            return;
        }

        var at = JsonPointer.Append(pointer, "with");
        var tools = CheckTools(context, with[ChatFields.Tools], JsonPointer.Append(at, ChatFields.Tools));
        CheckToolChoice(context, with[ChatFields.ToolChoice], tools, JsonPointer.Append(at, ChatFields.ToolChoice));
        CheckResponseFormat(context, with[ChatFields.ResponseFormat], JsonPointer.Append(at, ChatFields.ResponseFormat));
        if (with[ChatFields.Messages] is JsonArray messages)
        {
            Read(context, DiagnosticCodes.InvalidMessages, JsonPointer.Append(at, ChatFields.Messages), new JsonObject { [ChatFields.Messages] = messages.DeepClone() });
        }
    }

    /// <summary>The declared tool names, or null when tools are templated (not known until the run).</summary>
    private static HashSet<string>? CheckTools(RuleContext context, JsonNode? node, string pointer)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray tools)
        {
            if (!IsTemplate(node))
            {
                context.Sink.Report(DiagnosticCodes.InvalidTools, pointer, "'tools' must be an array of {name, description, parameters}.");
            }

            return null;
        }

        if (Read(context, DiagnosticCodes.InvalidTools, pointer, new JsonObject { [ChatFields.Prompt] = "-", [ChatFields.Tools] = tools.DeepClone() }) is not { } request)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Tools!.Count; i++)
        {
            var tool = request.Tools[i];
            var toolPointer = JsonPointer.Append(pointer, i);
            if (!ToolName().IsMatch(tool.Name))
            {
                context.Sink.Report(DiagnosticCodes.InvalidTools, JsonPointer.Append(toolPointer, ChatFields.Name), $"'{tool.Name}' is not a tool name: 1 to 64 letters, digits, '_' or '-'.");
            }
            else if (!names.Add(tool.Name))
            {
                context.Sink.Report(DiagnosticCodes.InvalidTools, JsonPointer.Append(toolPointer, ChatFields.Name), $"Tool '{tool.Name}' is declared more than once.");
            }

            if (tool.Parameters is { } parameters && StructuredOutput.SchemaProblem(parameters) is { } problem)
            {
                context.Sink.Report(DiagnosticCodes.InvalidTools, JsonPointer.Append(toolPointer, ChatFields.Parameters), $"'parameters' is not a valid JSON Schema: {problem}");
            }
        }

        return names;
    }

    private static void CheckToolChoice(RuleContext context, JsonNode? node, HashSet<string>? tools, string pointer)
    {
        if (node is null || IsTemplate(node))
        {
            return;
        }

        if (node is JsonObject { } named && named[ChatFields.Name] is JsonValue name && name.TryGetValue<string>(out var toolName))
        {
            if (tools is not null && !tools.Contains(toolName))
            {
                context.Sink.Report(DiagnosticCodes.UnknownToolChoice, JsonPointer.Append(pointer, ChatFields.Name), $"'toolChoice' names '{toolName}', which is not declared in 'tools'.");
            }

            return;
        }

        if (node is not JsonValue mode || !mode.TryGetValue<string>(out var text) || text is not (ChatJson.ToolModeAuto or ChatJson.ToolModeNone or ChatJson.ToolModeRequired))
        {
            context.Sink.Report(DiagnosticCodes.UnknownToolChoice, pointer, "'toolChoice' must be auto, none, required or {name: <a declared tool>}.");
        }
    }

    private static void CheckResponseFormat(RuleContext context, JsonNode? node, string pointer)
    {
        if (node is null || IsTemplate(node))
        {
            return;
        }

        if (Read(context, DiagnosticCodes.InvalidResponseSchema, pointer, new JsonObject { [ChatFields.Prompt] = "-", [ChatFields.ResponseFormat] = node.DeepClone() }) is
            { ResponseFormat.Schema: { } schema } && StructuredOutput.SchemaProblem(schema) is { } problem)
        {
            context.Sink.Report(DiagnosticCodes.InvalidResponseSchema, JsonPointer.Append(pointer, ChatFields.JsonSchema), $"'jsonSchema' is not a valid JSON Schema: {problem}");
        }
    }

    private static ChatRequest? Read(RuleContext context, string code, string pointer, JsonObject input)
    {
        try
        {
            return ChatJson.ReadRequest(input);
        }
        catch (ConnectorException exception)
        {
            context.Sink.Report(code, pointer, exception.Message);
            return null;
        }
    }

    private static bool IsTemplate(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal);

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}
