using Pipelines.Api.Endpoints;
using Pipelines.Api.Errors;
using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class UpdateProvider
{
    /// <summary>Replaces the provider; <c>apiKey</c> omitted keeps the stored key, <c>null</c> clears it.</summary>
    public static async Task<Results<Ok<ProviderView>, ProblemHttpResult>> HandleAsync(
        string id, HttpRequest request, HttpResponse response, ProviderCommands commands, CancellationToken cancellationToken)
    {
        if (ApiProblems.RequireIfMatch(request, out var ifMatch) is { } missing)
        {
            return missing;
        }

        var (body, problem) = await JsonObjectBody.ReadAsync(request, "provider", echoParserError: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await commands.UpdateAsync(id, ifMatch, body!, cancellationToken);
        if (!outcome.Succeeded)
        {
            return ProviderProblems.From(outcome);
        }

        response.Headers.ETag = outcome.Value!.Document!.ETag;
        return TypedResults.Ok(ProviderView.From(outcome.Value));
    }
}
