namespace Pipelines.Api.Auth;

public static class ApiKeyDefaults
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string TenantClaim = "tenant";
}
