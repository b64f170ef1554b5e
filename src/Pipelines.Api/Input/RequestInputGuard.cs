using Microsoft.Net.Http.Headers;
using Pipelines.Api.Errors;

namespace Pipelines.Api.Input;

/// <summary>
/// One input discipline at the edge, before any endpoint (the gateway's included) binds a request: no NUL in the path,
/// query or headers; bodies only in UTF-8 (415 otherwise); JSON bodies checked by <see cref="JsonBodyCheck"/>. A bad
/// input becomes a 400 problem naming the field and the rule instead of a 500 from deep inside.
/// </summary>
public sealed class RequestInputGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if ((Find(context.Request) ?? await CheckBodyAsync(context)) is { } problem)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static ProblemHttpResult? Find(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return Refuse("path", JsonBodyCheck.NulRule, "The path may not contain the NUL character.");
        }

        foreach (var (name, values) in request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return Refuse(name.Replace("\0", "", StringComparison.Ordinal), JsonBodyCheck.NulRule, "Query parameters may not contain the NUL character.");
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return Refuse(name, JsonBodyCheck.NulRule, "Headers may not contain the NUL character.");
            }
        }

        if (request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset.HasValue
            && !IsUtf8(mediaType.Charset.Value!))
        {
            return ApiProblems.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported charset",
                $"Request bodies must be UTF-8 (got charset '{mediaType.Charset.Value}').");
        }

        return null;
    }

    /// <summary>Buffers a JSON body (within the server's body size limit), checks it, and hands the same bytes on.</summary>
    private static async Task<ProblemHttpResult?> CheckBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType) || request.ContentLength == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        request.Body = new MemoryStream(bytes, writable: false);
        return bytes.Length > 0 && JsonBodyCheck.Find(bytes) is { } finding
            ? Refuse(finding.Location.Length == 0 ? "body" : finding.Location, finding.Rule, finding.Message)
            : null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').Replace("-", "", StringComparison.Ordinal).Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult Refuse(string field, string rule, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"{rule}: {message}"] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request input",
            Detail = $"{field}: {message}",
            Extensions = { ["rule"] = rule },
        });
}
