using System.Text.Json.Nodes;
using Pipelines.Api.Auth;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>
/// What every gateway operation shares: a valid body, a known route, providers able to serve everything the request
/// asks for, and routing failures as problems OpenAI clients read.
/// </summary>
public static class GatewayCall
{
    public static async Task<IResult> RunAsync(
        HttpContext http,
        string capability,
        string wirePath,
        Func<JsonObject, (JsonObject? Input, string? Field, string? Rule)> translate,
        Func<GatewayRequest, IReadOnlyList<string>> features,
        GatewayRouteLookup routes,
        ProviderRouter router,
        Func<GatewayRequest, RouteRequest, Task<IResult>> answer)
    {
        var (body, field, rule) = await GatewayRequest.ReadAsync(http.Request);
        if (body is null)
        {
            return GatewayProblems.BadRequest(field!, rule!);
        }

        var parsed = translate(body.Json);
        if (parsed.Input is null)
        {
            return GatewayProblems.BadRequest(parsed.Field!, parsed.Rule!);
        }

        var model = body.Model;
        if (await routes.FindAsync(model, http.User.TenantId(), capability, parsed.Input, http.RequestAborted) is not { } found)
        {
            var known = await routes.ListAsync(http.User.TenantId(), http.RequestAborted);
            return GatewayProblems.BadRequest("model", $"'{model}' is not a route; routes: {string.Join(", ", known.Select(r => r.Name))}");
        }

        var needed = features(body);
        var request = found with { Wire = new OpenAiWireRequest(wirePath, body.Body) { Features = needed } };
        if (needed.Count > 0 && await Unservable(router, request, needed, model!, http.RequestAborted) is { } refusal)
        {
            return refusal;
        }

        try
        {
            return await answer(body, request);
        }
        catch (StepExecutionException failure)
        {
            GatewayHeaders.Write(http.Response, null, failure.Attempts);
            return GatewayProblems.FromOutcome(failure, null);
        }
    }

    /// <summary>
    /// A 400 naming the features no provider of the route offers, and the providers lacking them: serving the request
    /// without them would silently drop part of it.
    /// </summary>
    private static async Task<IResult?> Unservable(
        ProviderRouter router, RouteRequest request, IReadOnlyList<string> needed, string route, CancellationToken cancellationToken)
    {
        var plan = await router.PlanAsync(request, cancellationToken);
        return plan.Candidates.Count > 0
            ? null
            : GatewayProblems.BadRequest(
                needed[0],
                $"the request needs {string.Join(", ", needed)}, and no provider of route '{route}' offers it: {string.Join("; ", plan.Excluded)}");
    }
}
