using System.Net.Http.Json;
using System.Text.Json;

namespace Pipelines.Testing;

/// <summary>Publishes a definition and starts runs of it through the HTTP API, as a client would.</summary>
public static class RunClient
{
    public static async Task PublishAsync(this HttpClient client, string yaml)
    {
        var created = await client.PostYamlAsync("/api/v1/pipelines", yaml);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"create failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await client.PostAsync($"/api/v1/pipelines/{id}/publish", null)).EnsureSuccessStatusCode();
    }

    public static Task<HttpResponseMessage> StartAsync(this HttpClient client, string pipelineId, object? inputs = null, string? wait = "20s", string? idempotencyKey = null) =>
        client.PostAsJsonAsync(
            wait is null ? "/api/v1/runs" : $"/api/v1/runs?wait={wait}",
            new { pipelineId, inputs = inputs ?? new { }, idempotencyKey });

    public static async Task<JsonElement> StartRunAsync(this HttpClient client, string pipelineId, object? inputs = null, string? wait = "20s")
    {
        var response = await client.StartAsync(pipelineId, inputs, wait);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"start failed: {(int)response.StatusCode} {run}");
        }

        return run;
    }

    public static async Task<JsonElement> WaitForAsync(this HttpClient client, string runId, Func<JsonElement, bool> condition, int timeoutSeconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
            if (condition(run) || DateTime.UtcNow > until)
            {
                return run;
            }

            await Task.Delay(50);
        }
    }

    public static JsonElement Step(this JsonElement run, string stepId) =>
        run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == stepId);

    public static string Status(this JsonElement element) => element.GetProperty("status").GetString()!;
}
