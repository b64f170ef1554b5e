using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Api.Errors;

namespace Pipelines.Api.Endpoints;

/// <summary>
/// Reads a resource's body as a JSON object: 415 for another media type, 413 above 64 KiB, 400 when it is not a JSON
/// object. The parser's message is echoed only where the body holds no secret.
/// </summary>
public static class JsonObjectBody
{
    public const int MaxBytes = 64 * 1024;

    /// <param name="request">The request to read.</param>
    /// <param name="resource">What the body describes, for the problems' wording (<c>provider</c>, <c>route</c>).</param>
    /// <param name="echoParserError">Whether a malformed body's problem may quote the parser (never for bodies holding keys).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, string resource, bool echoParserError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the {resource} as application/json (got '{request.ContentType}')."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge(resource));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            if (buffer.Length > MaxBytes)
            {
                return (null, TooLarge(resource));
            }
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body
                ? (body, null)
                : (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, $"Malformed {resource}", "The body must be a JSON object."));
        }
        catch (JsonException malformed)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, $"Malformed {resource}",
                echoParserError ? $"The body is not well-formed JSON: {malformed.Message}" : "The body is not well-formed JSON."));
        }
    }

    private static ProblemHttpResult TooLarge(string resource) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"{char.ToUpperInvariant(resource[0])}{resource[1..]} too large",
            $"A {resource} body may be at most {MaxBytes} bytes.");
}
