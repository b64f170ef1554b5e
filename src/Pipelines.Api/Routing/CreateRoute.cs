using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Endpoints;
using Pipelines.Engine.Routes;

namespace Pipelines.Api.Routing;

public static class CreateRoute
{
    public static async Task<Results<Created<RouteView>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, HttpResponse response, ClaimsPrincipal user, RouteCommands commands, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, "route", echoParserError: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await commands.CreateAsync(body!, user.KeyId(), cancellationToken);
        if (!outcome.Succeeded)
        {
            return RouteProblems.From(outcome);
        }

        response.Headers.ETag = outcome.Value!.Document!.ETag;
        return TypedResults.Created($"/api/v1/routes/{outcome.Value.Name}", RouteView.From(outcome.Value));
    }
}
