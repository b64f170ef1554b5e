using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Pipelines.Api.Auth;

/// <summary>
/// Authenticates the X-Api-Key header (or <c>Authorization: Bearer</c>, which OpenAI clients send to the gateway)
/// against stored key hashes; challenges answer in problem+json.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey() is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        var record = await keys.FindAsync(key, Context.RequestAborted);
        if (record is null || record.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, record.KeyId),
                new Claim(ClaimTypes.Name, record.Name),
                new Claim(ClaimTypes.Role, record.Role.ToString()),
                new Claim(ApiKeyDefaults.TenantClaim, record.TenantId),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(ApiKeyDefaults.HeaderName, out var values))
        {
            return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;
        }

        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Missing or invalid API key",
            $"Send a valid key in the {ApiKeyDefaults.HeaderName} header (or as Authorization: Bearer).");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            "This API key's role does not allow this operation.");

    /// <summary>
    /// Problem+json whatever the request's Accept: the problem details service declines to write for, say, YAML or an
    /// event stream, and the result then writes JSON itself instead of throwing.
    /// </summary>
    private Task WriteProblemAsync(int status, string title, string detail) =>
        Pipelines.Api.Errors.ApiProblems.Problem(status, title, detail).ExecuteAsync(Context);
}
