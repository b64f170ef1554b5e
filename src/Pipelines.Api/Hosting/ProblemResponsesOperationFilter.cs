using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Pipelines.Api.Hosting;

/// <summary>
/// Documents the problem+json answers every authenticated operation (/api and the /v1 gateway) can give, so clients
/// see them in the contract.
/// </summary>
public sealed class ProblemResponsesOperationFilter : IOperationFilter
{
    private const string ProblemMediaType = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? "";
        if (!path.StartsWith("api/", StringComparison.Ordinal) && !path.StartsWith("v1/", StringComparison.Ordinal))
        {
            return;
        }

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        Add(operation, problem, "401", "Missing or invalid API key");
        Add(operation, problem, "403", "The key's role does not allow this operation");
        Add(operation, problem, "500", "Unexpected error; the traceId links it to the service log");

        // Responses the handlers declare as ProblemDetails are served as problem+json, not application/json.
        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            if (response.Content is { } content
                && content.TryGetValue("application/json", out var media)
                && IsProblem(media.Schema))
            {
                content.Remove("application/json");
                content[ProblemMediaType] = media;
            }
        }
    }

    private static bool IsProblem(IOpenApiSchema? schema) =>
        schema is OpenApiSchemaReference reference
        && reference.Reference.Id is "ProblemDetails" or "HttpValidationProblemDetails";

    private static void Add(OpenApiOperation operation, IOpenApiSchema problem, string status, string description) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { [ProblemMediaType] = new OpenApiMediaType { Schema = problem } },
        });
}
