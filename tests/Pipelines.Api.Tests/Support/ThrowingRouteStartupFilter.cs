using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Pipelines.Api.Tests.Support;

/// <summary>Adds a route that throws, so the unhandled-exception path can be observed from outside.</summary>
public sealed class ThrowingRouteStartupFilter : IStartupFilter
{
    public const string Path = "/test/throw";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Map(Path, branch => branch.Run(_ => throw new InvalidOperationException("secret internal detail")));
    };
}
