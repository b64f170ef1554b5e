using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Pipelines.Api.Health;

namespace Microsoft.Extensions.DependencyInjection;

public static class HealthExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Live: the process answers. Ready: PostgreSQL and the bus (MassTransit tags its check "ready").</summary>
    public static IHostApplicationBuilder AddPipelinesHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapPipelinesHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
