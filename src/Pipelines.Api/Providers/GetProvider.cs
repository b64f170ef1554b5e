using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class GetProvider
{
    public static async Task<Results<Ok<ProviderView>, ProblemHttpResult>> HandleAsync(
        string id, ClaimsPrincipal user, HttpResponse response, ProviderDirectory directory, CancellationToken cancellationToken)
    {
        var entry = await directory.FindEntryAsync(user.TenantId(), id, cancellationToken);
        if (entry is null)
        {
            return ApiProblems.NotFound($"No provider '{id}'.");
        }

        if (entry.Document is { } document)
        {
            response.Headers.ETag = document.ETag;
        }

        return TypedResults.Ok(ProviderView.From(entry));
    }
}
