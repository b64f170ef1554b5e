using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipelines.Api.Auth;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthExtensions
{
    public static IHostApplicationBuilder AddPipelinesAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddDatabaseNotificationHandler<ApiKeyCache>();
        builder.Services.AddAuthentication(ApiKeyDefaults.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.RolesFor(Policies.Admin)))
            .AddPolicy(Policies.Author, p => p.RequireRole(Policies.RolesFor(Policies.Author)))
            .AddPolicy(Policies.Operator, p => p.RequireRole(Policies.RolesFor(Policies.Operator)))
            .AddPolicy(Policies.Viewer, p => p.RequireRole(Policies.RolesFor(Policies.Viewer)));
        builder.Services.AddHostedService<AdminKeyBootstrapper>();
        return builder;
    }
}
