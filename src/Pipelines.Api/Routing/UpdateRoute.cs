using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Endpoints;
using Pipelines.Api.Errors;
using Pipelines.Api.Gateway;
using Pipelines.Engine.Routes;

namespace Pipelines.Api.Routing;

public static class UpdateRoute
{
    /// <summary>Replaces a tenant route; sending it unchanged writes nothing and keeps its ETag.</summary>
    public static async Task<Results<Ok<RouteView>, ProblemHttpResult>> HandleAsync(
        string name, HttpRequest request, HttpResponse response, ClaimsPrincipal user, RouteCommands commands, GatewayRouteLookup routes,
        CancellationToken cancellationToken)
    {
        if (ApiProblems.RequireIfMatch(request, out var ifMatch) is { } missing)
        {
            return missing;
        }

        var (body, problem) = await JsonObjectBody.ReadAsync(request, "route", echoParserError: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await commands.UpdateAsync(name, ifMatch, body!, user.KeyId(), cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Failure == RouteFailure.NotFound && routes.Configured(name) is not null ? RouteProblems.ReadOnly(name) : RouteProblems.From(outcome);
        }

        response.Headers.ETag = outcome.Value!.Document!.ETag;
        return TypedResults.Ok(RouteView.From(outcome.Value));
    }
}
