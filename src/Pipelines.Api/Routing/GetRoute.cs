using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Api.Gateway;

namespace Pipelines.Api.Routing;

public static class GetRoute
{
    public static async Task<Results<Ok<RouteView>, ProblemHttpResult>> HandleAsync(
        string name, ClaimsPrincipal user, HttpResponse response, GatewayRouteLookup routes, CancellationToken cancellationToken)
    {
        if (await routes.FindEntryAsync(user.TenantId(), name, cancellationToken) is not { } entry)
        {
            return ApiProblems.NotFound($"No route '{name}'.");
        }

        if (entry.Document is { } document)
        {
            response.Headers.ETag = document.ETag;
        }

        return TypedResults.Ok(RouteView.From(entry));
    }
}
