using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Api.Errors;

namespace Pipelines.Api.Providers;

/// <summary>Reads a provider body as a JSON object: 415 for another media type, 413 above 64 KiB, 400 when it is not a JSON object.</summary>
public static class ProviderBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the provider as application/json (got '{request.ContentType}')."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            if (buffer.Length > MaxBytes)
            {
                return (null, TooLarge());
            }
        }

        try
        {
            // Never echo the body or the parser's message: the body holds the key.
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body
                ? (body, null)
                : (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "Malformed provider", "The body must be a JSON object."));
        }
        catch (JsonException)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "Malformed provider", "The body is not well-formed JSON."));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Provider too large", $"A provider body may be at most {MaxBytes} bytes.");
}
