using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Api.Errors;

namespace Pipelines.Api.Routing;

/// <summary>Reads a route body as a JSON object: 415 for another media type, 413 above 64 KiB, 400 when it is not a JSON object.</summary>
public static class RouteBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the route as application/json (got '{request.ContentType}')."));
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Route too large", $"A route body may be at most {MaxBytes} bytes."));
        }

        try
        {
            return JsonNode.Parse(buffer.AsSpan(0, length)) is JsonObject body
                ? (body, null)
                : (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "Malformed route", "The body must be a JSON object."));
        }
        catch (JsonException malformed)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "Malformed route", $"The body is not well-formed JSON: {malformed.Message}"));
        }
    }
}
