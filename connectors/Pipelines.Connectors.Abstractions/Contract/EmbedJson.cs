using System.Text.Json;
using System.Text.Json.Nodes;
using static Pipelines.Connectors.ContractJson;
using F = Pipelines.Connectors.EmbedFields;

namespace Pipelines.Connectors;

/// <summary>An embed step's <c>with</c> (<c>{"input": "text" | ["a", "b"], "dimensions"?: n}</c>) and output, both ways.</summary>
public static class EmbedJson
{
    public static EmbedRequest ReadRequest(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dimensions = (int?)Integer(input[F.Dimensions], F.Dimensions);
        if (dimensions is <= 0)
        {
            throw Invalid($"'{F.Dimensions}' must be positive.");
        }

        return input[F.Input] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => new EmbedRequest([String(value, F.Input)], true, dimensions),
            JsonArray { Count: 0 } => throw Invalid($"'{F.Input}' must hold at least one text."),
            JsonArray array => new EmbedRequest([.. array.Select((item, i) => String(item, $"{F.Input}[{i}]"))], false, dimensions),
            null => throw Invalid($"An embed step needs '{F.Input}': a string or an array of strings."),
            _ => throw Invalid($"'{F.Input}' must be a string or an array of strings."),
        };
    }

    public static JsonObject Write(EmbedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var output = new JsonObject
        {
            [F.Input] = request.ScalarInput ? request.Inputs[0] : new JsonArray([.. request.Inputs.Select(t => (JsonNode)t)]),
        };
        if (request.Dimensions is { } dimensions)
        {
            output[F.Dimensions] = dimensions;
        }

        return output;
    }

    /// <summary>
    /// The step's output: <c>vector</c> for a single input, else <c>vectors</c>; <c>dimensions</c>, <c>provider</c>,
    /// and <c>usage</c> when known. Vectors of uneven or zero length are an unavailable provider, not an answer.
    /// </summary>
    public static JsonObject WriteResult(EmbedResult result, int inputs, string providerId)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Vectors.Count != inputs || result.Vectors.Any(v => v.Length == 0 || v.Length != result.Dimensions))
        {
            throw new ConnectorException(
                OutcomeClass.Unavailable, $"{providerId}: {result.Vectors.Count} vectors of uneven or zero length for {inputs} texts.");
        }

        var output = new JsonObject();
        if (result.ScalarInput)
        {
            output[F.Vector] = Numbers(result.Vectors[0]);
        }
        else
        {
            output[F.Vectors] = new JsonArray([.. result.Vectors.Select(v => (JsonNode)Numbers(v))]);
        }

        output[F.Dimensions] = result.Dimensions;
        output[CapabilityFields.Provider] = providerId;
        if (ContractJson.Usage(result.Usage) is { } usage)
        {
            output[CapabilityFields.Usage] = usage;
        }

        return output;
    }

    public static EmbedResult ReadResult(JsonNode? output)
    {
        var o = output as JsonObject ?? throw new ConnectorException(OutcomeClass.Unavailable, "The embed output is not a JSON object.");
        return o[F.Vectors] is JsonArray many
            ? new EmbedResult([.. many.Select(Vector)], false, ReadUsage(o[CapabilityFields.Usage]))
            : new EmbedResult([Vector(o[F.Vector])], true, ReadUsage(o[CapabilityFields.Usage]));
    }

    private static float[] Vector(JsonNode? node) => node is JsonArray numbers
        ? [.. numbers.Select(n => n is JsonValue v && v.TryGetValue<float>(out var x) ? x : throw Malformed())]
        : throw Malformed();

    private static ConnectorException Malformed() => new(OutcomeClass.Unavailable, "The embed output holds no vector of numbers.");
}
