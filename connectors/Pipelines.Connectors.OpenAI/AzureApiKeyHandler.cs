namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// Authenticates to Azure OpenAI with the resource key in the <c>api-key</c> header, and removes any Authorization
/// header the OpenAI client adds, so the key is sent once, where Azure expects it.
/// </summary>
public sealed class AzureApiKeyHandler(string apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string HeaderName = "api-key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = null;
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, apiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
