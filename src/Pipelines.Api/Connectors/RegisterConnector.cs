using System.Security.Claims;
using System.Text.RegularExpressions;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Engine.RemoteConnectors;

namespace Pipelines.Api.Connectors;

/// <summary>
/// Registers a remote connector by URL. The conformance suite runs first (docs/connectors/remote-protocol.md); the
/// connector is stored only if every check passes, otherwise the answer is 422 with the report.
/// </summary>
public static partial class RegisterConnector
{
    /// <param name="Name">The connector type name providers will use, e.g. <c>keywords</c>.</param>
    /// <param name="Url">The connector's base URL.</param>
    /// <param name="ApiKey">The connector's bearer secret, if it asks for one: used for the checks only, never stored.</param>
    public sealed record Request(string? Name, string? Url, string? ApiKey);

    public static async Task<Results<Created<ConnectorView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request, ClaimsPrincipal user, RemoteConnectorRegistry registry, RemoteConnectorCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = Validate(request, out var url);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenant = user.TenantId();
        var outcome = await registry.RegisterAsync(tenant, request.Name!, url!, request.ApiKey, user.KeyId(), cancellationToken);
        switch (outcome)
        {
            case RegistrationOutcome.Registered registered:
                var type = await catalog.FindAsync(tenant, registered.Connector.Id, cancellationToken);
                return TypedResults.Created($"{ApiEndpoints.Prefix}/connectors/{registered.Connector.Id}", ConnectorView.From(registered.Connector, type!));
            case RegistrationOutcome.Forbidden forbidden:
                return TypedResults.Problem(new HttpValidationProblemDetails(
                    new Dictionary<string, string[]> { ["url"] = [$"egress: {forbidden.Reason}"] })
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The URL is not one the service may call",
                });
            case RegistrationOutcome.NameTaken taken:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "Conflict", taken.Reason);
            case RegistrationOutcome.Refused refused:
                var failed = refused.Report.Checks.Where(c => !c.Passed).Select(c => c.Name).ToList();
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The connector did not pass the conformance suite",
                    Detail = $"{failed.Count} check(s) failed: {string.Join(", ", failed)}. Run `pipelines connectors check {url}` for the same report.",
                };
                problem.Extensions["report"] = refused.Report;
                return TypedResults.Problem(problem);
            default:
                throw new InvalidOperationException($"Unexpected registration outcome {outcome.GetType().Name}.");
        }
    }

    private static Dictionary<string, string[]> Validate(Request request, out Uri? url)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is null || !NamePattern().IsMatch(request.Name))
        {
            errors["name"] = ["Required: ^[a-z][a-z0-9-]{0,62}$."];
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors["url"] = ["Required: an absolute http(s) URL without credentials, e.g. https://connectors.example.com/keywords."];
        }

        if (request.ApiKey is { Length: > 4096 })
        {
            errors["apiKey"] = ["At most 4096 characters."];
        }
        else if (request.ApiKey is { } key && key.Any(char.IsControl))
        {
            // It travels as a header value, where control characters (NUL among them) are not allowed.
            errors["apiKey"] = ["Must not contain control characters."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();
}
