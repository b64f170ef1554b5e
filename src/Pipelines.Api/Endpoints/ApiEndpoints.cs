using Pipelines.Api.Auth;
using Pipelines.Api.Keys;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    /// <summary>Every /api route: authenticated by API key, readable by any role unless a route asks for more.</summary>
    public static WebApplication MapPipelinesApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(Policies.Viewer);
        api.MapKeys();
        // Unknown /api paths answer 404 problem+json rather than falling through to the designer's files.
        app.MapFallback($"{Prefix}/{{**path}}", () => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: "No API route matches this path."));
        return app;
    }
}
