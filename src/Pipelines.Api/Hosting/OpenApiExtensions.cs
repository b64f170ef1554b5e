using Microsoft.OpenApi;
using Pipelines.Api.Auth;
using Pipelines.Api.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class OpenApiExtensions
{
    public static IServiceCollection AddPipelinesOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Pipelines API",
                Version = "v1",
                Description = "Declarative AI pipelines: definitions, runs, providers. Every /api route needs the X-Api-Key header.",
            });
            options.CustomSchemaIds(SchemaId);
            options.OperationFilter<ProblemResponsesOperationFilter>();
            options.DocumentFilter<TagDescriptionsDocumentFilter>();
            options.AddServer(new OpenApiServer { Url = "/", Description = "This service" });
            options.AddSecurityDefinition(ApiKeyDefaults.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyDefaults.HeaderName,
                Description = "API key issued per tenant and role.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyDefaults.SchemeName, document)] = [],
            });
        });
        return services;
    }

    /// <summary>Operation files nest their Request/Response records; prefix the operation so ids stay unique.</summary>
    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId))
            : type.Name;
        return type.IsNested ? SchemaId(type.DeclaringType!) + name : name;
    }
}
