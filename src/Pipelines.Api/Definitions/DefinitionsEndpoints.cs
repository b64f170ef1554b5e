using System.Text.Json;
using Pipelines.Api.Auth;

namespace Pipelines.Api.Definitions;

public static class DefinitionsEndpoints
{
    public static RouteGroupBuilder MapDefinitions(this RouteGroupBuilder api)
    {
        api.MapGet("/schemas/pipeline", GetPipelineSchema.Handle)
            .WithName("GetPipelineSchema").WithSummary("JSON Schema of the pipeline definition format").WithTags("Pipelines")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/schema+json");

        var pipelines = api.MapGroup("/pipelines").WithTags("Pipelines");

        pipelines.MapPost("/", CreatePipeline.HandleAsync)
            .WithName("CreatePipeline").WithSummary("Create a pipeline draft from a YAML or JSON definition")
            .RequireAuthorization(Policies.Author)
            .AcceptsDefinition()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        pipelines.MapPost("/validate", ValidatePipeline.HandleAsync)
            .WithName("ValidatePipeline").WithSummary("Validate a definition without storing it")
            .AcceptsDefinition()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        pipelines.MapGet("/", ListPipelines.HandleAsync)
            .WithName("ListPipelines").WithSummary("List pipelines, paged, filtered by text and status");

        pipelines.MapGet("/{id}", GetPipeline.HandleAsync)
            .WithName("GetPipeline").WithSummary("Get a pipeline and its draft (Accept: application/yaml for the YAML text)")
            .Produces<string>(StatusCodes.Status200OK, DefinitionMediaTypes.Yaml)
            .ProducesProblem(StatusCodes.Status404NotFound);

        pipelines.MapPut("/{id}", UpdatePipeline.HandleAsync)
            .WithName("UpdatePipeline").WithSummary("Replace the draft; If-Match with the ETag you read is required")
            .RequireAuthorization(Policies.Author)
            .AcceptsDefinition()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        pipelines.MapDelete("/{id}", ArchivePipeline.HandleAsync)
            .WithName("ArchivePipeline").WithSummary("Archive a pipeline; its published versions stay runnable")
            .RequireAuthorization(Policies.Author)
            .ProducesProblem(StatusCodes.Status404NotFound);

        pipelines.MapPost("/{id}/publish", PublishPipeline.HandleAsync)
            .WithName("PublishPipeline").WithSummary("Freeze the draft as the next immutable version (unchanged draft: the existing version)")
            .RequireAuthorization(Policies.Author)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        pipelines.MapGet("/{id}/versions", ListVersions.HandleAsync)
            .WithName("ListPipelineVersions").WithSummary("List published versions")
            .ProducesProblem(StatusCodes.Status404NotFound);

        pipelines.MapGet("/{id}/versions/{version:int}", GetVersion.HandleAsync)
            .WithName("GetPipelineVersion").WithSummary("Get a published version (Accept: application/yaml for the YAML text)")
            .Produces<string>(StatusCodes.Status200OK, DefinitionMediaTypes.Yaml)
            .ProducesProblem(StatusCodes.Status404NotFound);

        pipelines.MapGet("/{id}/diff", DiffVersions.HandleAsync)
            .WithName("DiffPipelineVersions").WithSummary("Structured diff between two versions, or a version and the draft")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    private static RouteHandlerBuilder AcceptsDefinition(this RouteHandlerBuilder builder) =>
        builder.Accepts<JsonElement>(DefinitionMediaTypes.Json, DefinitionMediaTypes.Yaml);
}
