using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Providers;

/// <summary>A provider's key goes to the provider and nowhere else: not in any response, log line or stored row.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProviderSecretTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    [Fact]
    public async Task ApiKey_ThroughCreateGetListUpdateProbeRunAndRefusals_NeverInResponsesLogsOrStorage()
    {
        // Arrange
        var secret = $"sk-LEAKCHECK-{Guid.NewGuid():N}";
        var id = TestDefinitions.NewId("sec");
        var model = $"secret-{id}";
        var bodies = new List<string>();
        async Task<HttpResponseMessage> Keep(Func<Task<HttpResponseMessage>> call)
        {
            var response = await call();
            bodies.Add($"{(int)response.StatusCode} {response.Headers} {await response.Content.ReadAsStringAsync()}");
            return response;
        }

        var provider = new
        {
            id,
            connector = "openai",
            endpoint = api.Sandbox.OpenAiEndpoint.ToString(),
            model,
            apiKey = secret,
            options = new { timeoutSeconds = 5 },
        };
        var pipeline = TestDefinitions.NewId("secp");

        // Act
        var created = await Keep(() => _admin.PostAsJsonAsync("/api/v1/providers", provider));
        await Keep(() => _admin.GetAsync($"/api/v1/providers/{id}"));
        await Keep(() => _admin.GetAsync("/api/v1/providers"));
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/providers/{id}")
        {
            Content = JsonContent.Create(new { connector = "openai", endpoint = api.Sandbox.OpenAiEndpoint.ToString(), model, tags = new { residency = "eu" } }),
        };
        update.Headers.TryAddWithoutValidation("If-Match", created.ETag());
        var updated = await Keep(() => _admin.SendAsync(update));
        var probe = await Keep(() => _admin.PostAsync($"/api/v1/providers/{id}/probe", null));
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{pipeline}}}
            title: Secret run
            steps:
              ask:
                uses: chat
                providers: [{{{id}}}]
                with: { prompt: "secret run" }
            outputs:
              answer: "{{ steps.ask.output.text }}"
            """);
        var run = await Keep(() => _admin.StartAsync(pipeline));
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Keep(() => _admin.GetAsync($"/api/v1/runs/{runId}"));
        // Refusals that carry the key must not echo it either.
        var refused = await Keep(() => _admin.PostAsJsonAsync("/api/v1/providers", provider with { id = TestDefinitions.NewId("sec"), options = new { timeoutSeconds = 0 } }));
        var malformed = await Keep(() => _admin.PostAsync("/api/v1/providers", new StringContent($"{{\"apiKey\": \"{secret}\", ", System.Text.Encoding.UTF8, "application/json")));
        var duplicate = await Keep(() => _admin.PostAsJsonAsync("/api/v1/providers", provider));
        string stored;
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("select string_agg(data::text, ' ') from pipelines.mt_doc_providerdocument", connection);
            stored = (string)(await query.ExecuteScalarAsync())!;
        }

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.True((await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasApiKey").GetBoolean());
        Assert.True((await probe.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var calls = (await api.Sandbox.CallsAsync()).Where(c => c.Model == model).ToList();
        Assert.True(calls.Count >= 2, "the probe and the run reach the provider");
        Assert.All(calls, c => Assert.Equal($"Bearer {secret}", c.Authorization));
        Assert.Contains(id, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.All(bodies, body => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, api.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("LEAKCHECK", api.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureOpenAi_SendsKeyInApiKeyHeader_NeverAsBearer()
    {
        // Arrange
        var secret = $"azure-LEAKCHECK-{Guid.NewGuid():N}";
        var id = TestDefinitions.NewId("az");
        var deployment = $"deploy-{id}";

        // Act
        var created = await _admin.PostAsJsonAsync("/api/v1/providers", new
        {
            id,
            connector = "azure-openai",
            endpoint = api.Sandbox.OpenAiEndpoint.ToString(),
            model = deployment,
            apiKey = secret,
        });
        var probe = await _admin.PostAsync($"/api/v1/providers/{id}/probe", null);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("azure-openai", view.GetProperty("manifest").GetProperty("connector").GetString());
        Assert.True((await probe.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());
        var call = Assert.Single(await api.Sandbox.CallsAsync(), c => c.Model == deployment);
        Assert.Equal(secret, call.ApiKey);
        Assert.Null(call.Authorization);
    }
}
