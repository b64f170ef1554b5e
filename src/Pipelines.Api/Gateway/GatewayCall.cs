using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Api.Auth;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>What every gateway operation shares: a valid input, a known route, and routing failures as problems OpenAI clients read.</summary>
public static class GatewayCall
{
    public static async Task<IResult> RunAsync(
        JsonObject body,
        string capability,
        (JsonObject? Input, string? Field, string? Rule) parsed,
        ClaimsPrincipal user,
        HttpContext http,
        GatewayRouteLookup routes,
        Func<RouteRequest, Task<IResult>> answer)
    {
        if (parsed.Input is null)
        {
            return GatewayProblems.BadRequest(parsed.Field!, parsed.Rule!);
        }

        var model = body["model"]?.ToString();
        if (await routes.FindAsync(model, user.TenantId(), capability, parsed.Input, http.RequestAborted) is not { } request)
        {
            var known = await routes.ListAsync(user.TenantId(), http.RequestAborted);
            return GatewayProblems.BadRequest("model", $"'{model}' is not a route; routes: {string.Join(", ", known.Select(r => r.Name))}");
        }

        try
        {
            return await answer(request);
        }
        catch (StepExecutionException failure)
        {
            GatewayHeaders.Write(http.Response, null, failure.Attempts);
            return GatewayProblems.FromOutcome(failure, null);
        }
    }
}
