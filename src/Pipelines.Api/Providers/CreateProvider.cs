using Pipelines.Api.Endpoints;
using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class CreateProvider
{
    public static async Task<Results<Created<ProviderView>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, HttpResponse response, ProviderCommands commands, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(request, "provider", echoParserError: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await commands.CreateAsync(body!, cancellationToken);
        if (!outcome.Succeeded)
        {
            return ProviderProblems.From(outcome);
        }

        response.Headers.ETag = outcome.Value!.Document!.ETag;
        return TypedResults.Created($"/api/v1/providers/{outcome.Value.Id}", ProviderView.From(outcome.Value));
    }
}
