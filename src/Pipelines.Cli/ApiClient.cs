using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Cli;

/// <summary>
/// The REST API as the tool uses it. Every transport failure and every 401/403 becomes a <see cref="CliException"/> with
/// exit code 3; problem+json answers become readable messages. The API key goes in a header and is never printed.
/// </summary>
public sealed class ApiClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    private const string YamlMediaType = "application/yaml";

    private readonly HttpClient _http;

    public ApiClient(Uri server, string apiKey)
    {
        Server = server;
        // Slow answers (a long ?wait) are bounded by the caller's token, not by HttpClient's own 100 s.
        _http = new HttpClient { BaseAddress = ApiBase(server), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pipelines-cli", "1"));
    }

    public Uri Server { get; }

    public async Task<PipelineView?> GetPipelineAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"pipelines/{Uri.EscapeDataString(id)}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<PipelineView>(response, cancellationToken);
    }

    public async Task<PipelineView> CreatePipelineAsync(string text, DefinitionFormat format, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "pipelines") { Content = DefinitionContent(text, format) };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<PipelineView>(response, cancellationToken);
    }

    public async Task<PipelineView> UpdatePipelineAsync(string id, string etag, string text, DefinitionFormat format, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"pipelines/{Uri.EscapeDataString(id)}") { Content = DefinitionContent(text, format) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<PipelineView>(response, cancellationToken);
    }

    /// <summary>A route as the server shows it, with its ETag (none for configuration routes); null when the tenant has no such route.</summary>
    public async Task<(JsonObject View, string? ETag)?> GetRouteAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"routes/{Uri.EscapeDataString(name)}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await ReadAsync<JsonObject>(response, cancellationToken), response.Headers.ETag?.ToString());
    }

    public async Task<(JsonObject View, string? ETag)> CreateRouteAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "routes") { Content = JsonContent.Create(body, options: Json) };
        using var response = await SendAsync(request, cancellationToken);
        return (await ReadAsync<JsonObject>(response, cancellationToken), response.Headers.ETag?.ToString());
    }

    public async Task<(JsonObject View, string? ETag)> UpdateRouteAsync(string name, string etag, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"routes/{Uri.EscapeDataString(name)}") { Content = JsonContent.Create(body, options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await SendAsync(request, cancellationToken);
        return (await ReadAsync<JsonObject>(response, cancellationToken), response.Headers.ETag?.ToString());
    }

    public async Task<VersionView> PublishAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"pipelines/{Uri.EscapeDataString(id)}/publish"), cancellationToken);
        return await ReadAsync<VersionView>(response, cancellationToken);
    }

    public async Task ArchiveAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"pipelines/{Uri.EscapeDataString(id)}"), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Every pipeline that is not archived, all pages.</summary>
    public async Task<IReadOnlyList<PipelineListItem>> ListActivePipelinesAsync(CancellationToken cancellationToken)
    {
        var items = new List<PipelineListItem>();
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"pipelines?page={page}&pageSize=100"), cancellationToken);
            var result = await ReadAsync<PipelinePage>(response, cancellationToken);
            items.AddRange(result.Items);
            if (result.Items.Count == 0 || items.Count >= result.Total)
            {
                return items;
            }
        }
    }

    /// <summary>The draft's YAML, or with <paramref name="version"/> that published version's.</summary>
    public async Task<string> GetYamlAsync(string id, int? version, CancellationToken cancellationToken)
    {
        var path = version is { } n ? $"pipelines/{Uri.EscapeDataString(id)}/versions/{n}" : $"pipelines/{Uri.EscapeDataString(id)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(YamlMediaType));
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProviderView>> ListProvidersAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "providers"), cancellationToken);
        return await ReadAsync<List<ProviderView>>(response, cancellationToken);
    }

    public async Task<ProviderHealthView> GetProviderHealthAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"providers/{Uri.EscapeDataString(id)}/health"), cancellationToken);
        return await ReadAsync<ProviderHealthView>(response, cancellationToken);
    }

    public async Task<RunView> StartRunAsync(object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "runs") { Content = JsonContent.Create(body, options: Json) };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<RunView>(response, cancellationToken);
    }

    public async Task<RunView> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"runs/{Uri.EscapeDataString(id)}"), cancellationToken);
        return await ReadAsync<RunView>(response, cancellationToken);
    }

    /// <summary>The run's events as server-sent events: everything so far, then live until the run ends.</summary>
    public async IAsyncEnumerable<RunEvent> FollowRunAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"runs/{Uri.EscapeDataString(id)}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        await EnsureSuccessAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    var item = JsonSerializer.Deserialize<RunEvent>(data.ToString(), Json);
                    data.Clear();
                    if (item is not null)
                    {
                        yield return item;
                    }
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line.AsSpan(5).TrimStart(' '));
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static Uri ApiBase(Uri server)
    {
        var text = server.ToString().TrimEnd('/');
        return new Uri(text.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase) ? text + "/" : text + "/api/v1/");
    }

    private static StringContent DefinitionContent(string text, DefinitionFormat format) =>
        new(text, Encoding.UTF8, format == DefinitionFormat.Json ? "application/json" : YamlMediaType);

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach the server at {Server}: {e.Message}");
        }
        finally
        {
            request.Dispose();
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new CliException(ExitCodes.Unreachable, status == 401
                ? $"The server at {Server} refused the API key (401 Unauthorized). Check --api-key or PIPELINES_API_KEY."
                : $"The API key may not do this on {Server} (403 Forbidden).");
        }

        return response;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new CliException(ExitCodes.Failure, $"The server answered {(int)response.StatusCode} with an empty body.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ProblemView? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize<ProblemView>(body, Json);
        }
        catch (JsonException)
        {
            // not problem+json: report the status alone
        }

        var message = new StringBuilder($"{(int)response.StatusCode} {problem?.Title ?? response.ReasonPhrase}");
        if (!string.IsNullOrWhiteSpace(problem?.Detail))
        {
            message.Append(": ").Append(problem.Detail);
        }

        foreach (var d in problem?.Diagnostics ?? [])
        {
            message.Append(Environment.NewLine).Append("  ");
            if (d.Line is { } line)
            {
                message.Append(line).Append(':').Append(d.Column ?? 1).Append(": ");
            }

            message.Append(d.Code).Append(' ').Append(d.Message);
            if (d.Line is null && !string.IsNullOrEmpty(d.Pointer))
            {
                message.Append(" (at ").Append(d.Pointer).Append(')');
            }
        }

        throw new CliException(ExitCodes.Failure, message.ToString());
    }
}
