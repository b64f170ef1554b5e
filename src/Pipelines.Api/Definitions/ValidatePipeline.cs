using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;
using Pipelines.Engine.Providers;

namespace Pipelines.Api.Definitions;

public static class ValidatePipeline
{
    public sealed record Response(bool Valid, IReadOnlyList<Diagnostic> Diagnostics);

    /// <summary>
    /// Dry run: the same checks as create and update (including the caller's tenant's providers), nothing stored,
    /// always 200 when the body could be read.
    /// </summary>
    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, ClaimsPrincipal user, ProviderCatalogs catalogs, CancellationToken cancellationToken)
    {
        var (body, problem) = await DefinitionBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var validator = await catalogs.ValidatorForAsync(user.TenantId(), cancellationToken);
        var result = validator.Validate(body!.Value, body.Format == SourceFormat.Yaml ? DefinitionFormat.Yaml : DefinitionFormat.Json);
        return TypedResults.Ok(new Response(result.IsValid, result.Diagnostics));
    }
}
