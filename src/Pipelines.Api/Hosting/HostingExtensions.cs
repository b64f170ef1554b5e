using Pipelines.Api.Errors;
using Pipelines.Api.Hosting;
using Pipelines.Api.Input;

namespace Microsoft.Extensions.DependencyInjection;

public static class HostingExtensions
{
    /// <summary>Options, role, problem details and OpenAPI: what every role of the binary needs.</summary>
    public static IHostApplicationBuilder AddPipelinesHosting(this IHostApplicationBuilder builder)
    {
        // `--role worker` on the command line lands in configuration as "role".
        if (builder.Configuration["role"] is { } role)
        {
            builder.Configuration[$"{PipelinesOptions.SectionName}:{nameof(PipelinesOptions.Role)}"] = role;
        }

        builder.Services.AddOptions<PipelinesOptions>()
            .BindConfiguration(PipelinesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<Pipelines.Api.Runs.LiveStreamSlots>();
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
                context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        builder.Services.AddPipelinesOpenApi();
        return builder;
    }

    public static WebApplication UsePipelinesHosting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseSwagger();
        app.UseSwaggerUI(options => options.DocumentTitle = "Pipelines API");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestInputGuard>();
        return app;
    }

    /// <summary>The service role of this process, read once at start.</summary>
    public static ServiceRole GetServiceRole(this IConfiguration configuration) =>
        Enum.TryParse<ServiceRole>(
            configuration[$"{PipelinesOptions.SectionName}:{nameof(PipelinesOptions.Role)}"],
            ignoreCase: true,
            out var role)
            ? role
            : ServiceRole.All;
}
