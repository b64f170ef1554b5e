using Pipelines.Core.Definitions;

namespace Pipelines.Api.Definitions;

public static class GetPipelineSchema
{
    public static ContentHttpResult Handle() => TypedResults.Text(PipelineSchema.Json, "application/schema+json");
}
