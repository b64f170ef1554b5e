using Pipelines.Api.Auth;
using Pipelines.Api.Connectors;
using Pipelines.Api.Definitions;
using Pipelines.Api.Keys;
using Pipelines.Api.Providers;
using Pipelines.Api.Runs;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    /// <summary>
    /// Every /api route: authenticated by API key, readable by any role unless a route asks for more.
    /// A worker-role process serves only health endpoints.
    /// </summary>
    public static WebApplication MapPipelinesApi(this WebApplication app)
    {
        if (app.Configuration.GetServiceRole() == Pipelines.Api.Hosting.ServiceRole.Worker)
        {
            return app;
        }

        var api = app.MapGroup(Prefix).RequireAuthorization(Policies.Viewer);
        api.MapKeys();
        api.MapDefinitions();
        api.MapRuns();
        api.MapProviders();
        api.MapConnectors();
        api.MapRouting();
        app.MapGateway();
        return app;
    }
}
