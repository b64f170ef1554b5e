using System.Text;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

/// <summary>Reads a definition from the raw request body, refusing wrong media types (415) and oversize bodies (413).</summary>
public static class DefinitionBody
{
    public sealed record Text(string Value, SourceFormat Format);

    public static async Task<(Text? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (DefinitionMediaTypes.FormatOf(request.ContentType) is not { } format)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the definition as {DefinitionMediaTypes.Json} or {DefinitionMediaTypes.Yaml} (got '{request.ContentType}')."));
        }

        if (request.ContentLength > DefinitionLimits.MaxBytes)
        {
            return (null, TooLarge());
        }

        // Read one byte past the limit so a body without Content-Length is measured too.
        var buffer = new byte[DefinitionLimits.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length
            && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > DefinitionLimits.MaxBytes
            ? (null, TooLarge())
            : (new Text(Encoding.UTF8.GetString(buffer, 0, length), format), null);
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Definition too large",
        detail: $"A definition may be at most {DefinitionLimits.MaxBytes} bytes.");
}
