using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Pipelines.Connectors;

/// <summary>
/// Checks a chat answer against the JSON the request asked for. An answer that is not JSON, or breaks the schema, is
/// <see cref="OutcomeClass.InvalidOutput"/>: the router may swap on it and the engine's retries count it.
/// </summary>
public static class StructuredOutput
{
    /// <summary>The result with <see cref="ChatResult.Json"/> set when the request wants JSON; the result itself otherwise.</summary>
    public static ChatResult Apply(ChatRequest request, ChatResult result, string providerId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        if (request.ResponseFormat is not { IsJson: true } format || result.ToolCalls is { Count: > 0 })
        {
            return result; // a tool call is not the final answer: the format applies to the answer after the tools
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(result.Text);
        }
        catch (JsonException exception)
        {
            throw Invalid(providerId, $"the answer is not valid JSON ({exception.Message})", exception);
        }

        if (format.Schema is { } schema && Problems(Build(schema), parsed) is { Length: > 0 } problems)
        {
            throw Invalid(providerId, $"the answer breaks the response schema: {problems}");
        }

        return result with { Json = parsed };
    }

    /// <summary>Why <paramref name="schema"/> is not a usable JSON Schema (draft 2020-12), or null when it is.</summary>
    public static string? SchemaProblem(JsonNode? schema)
    {
        if (schema is not JsonObject o)
        {
            return "it must be a JSON Schema object";
        }

        using var document = JsonDocument.Parse(o.ToJsonString());
        var meta = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!meta.IsValid)
        {
            return Describe(meta);
        }

        try
        {
            Build(o);
            return null;
        }
        catch (Exception exception) when (exception is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException)
        {
            return exception.Message;
        }
    }

    /// <summary>A schema built in its own registry, so schemas that share an <c>$id</c> never collide.</summary>
    private static JsonSchema Build(JsonObject schema)
    {
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return JsonSchema.Build(document.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private static string? Problems(JsonSchema schema, JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? null : Describe(result);
    }

    private static string Describe(EvaluationResults result)
    {
        var errors = (result.Details ?? [result]).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Take(5)
            .ToList();
        return errors.Count == 0 ? "it does not match" : string.Join("; ", errors);
    }

    private static ConnectorException Invalid(string providerId, string why, Exception? inner = null) =>
        new(OutcomeClass.InvalidOutput, $"{providerId}: {why}.", inner: inner);
}
