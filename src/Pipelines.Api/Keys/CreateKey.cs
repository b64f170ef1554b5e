using System.Security.Claims;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.Options;
using Pipelines.Api.Auth;
using Pipelines.Api.Hosting;

namespace Pipelines.Api.Keys;

public static partial class CreateKey
{
    public sealed record Request(string? Name, Role? Role, string? Tenant);

    public sealed record Response(string Key, KeyView Details);

    public static async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        ClaimsPrincipal user,
        IDocumentStore store,
        IOptions<PipelinesOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var callerTenant = user.TenantId();
        var tenant = request.Tenant ?? callerTenant;
        // Only the platform's own tenant may mint keys for other tenants; others stay inside their own.
        if (tenant != callerTenant && callerTenant != options.Value.DefaultTenant)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "Keys for another tenant can only be issued by an admin of the default tenant.");
        }

        var key = ApiKeySecret.Generate();
        var hash = ApiKeySecret.Hash(key);
        var record = new ApiKeyRecord
        {
            Id = hash,
            KeyId = ApiKeySecret.PublicId(hash),
            TenantId = tenant,
            Role = request.Role!.Value,
            Name = request.Name!,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var session = store.LightweightSession();
        session.Insert(record);
        await session.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/api/v1/keys/{record.KeyId}", new Response(key, KeyView.From(record)));
    }

    private static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["Required, at most 100 characters."];
        }

        if (request.Role is null || !Enum.IsDefined(request.Role.Value))
        {
            errors["role"] = ["Required: one of Admin, Author, Operator, Viewer."];
        }

        if (request.Tenant is not null && !TenantPattern().IsMatch(request.Tenant))
        {
            errors["tenant"] = ["Must match ^[a-z][a-z0-9-]{0,62}$."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex TenantPattern();
}
