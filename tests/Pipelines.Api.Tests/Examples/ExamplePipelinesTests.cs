using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Examples;

/// <summary>
/// The default local install (what deploy/local/up.sh starts): the real service binary on PostgreSQL with
/// deploy/local/providers.yaml, whose demo chat providers point at the sandbox, and the local ONNX models.
/// </summary>
public sealed class DefaultInstallFixture : IAsyncLifetime
{
    public string AdminKey { get; } = "pk_examples_" + Guid.NewGuid().ToString("N");

    public SandboxServer Sandbox { get; private set; } = null!;

    public ServiceProcess Service { get; private set; } = null!;

    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        Sandbox = await SandboxServer.StartAsync();
        Service = await ServiceProcess.StartAsync("all", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = _connectionString,
            ["Pipelines__AdminKey"] = AdminKey,
            ["Pipelines__Providers__File"] = Path.Combine(RepositoryRoot.Path, "deploy", "local", "providers.yaml"),
            ["PIPELINES_SANDBOX_PORT"] = Sandbox.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        });

        // Load the local models before the first step, as up.sh does: the examples' step timeouts are for warm models.
        using var client = Client();
        foreach (var provider in new[] { "local-minilm", "local-arctic" })
        {
            var probe = await client.PostAsync($"/api/v1/providers/{provider}/probe", null);
            probe.EnsureSuccessStatusCode();
        }
    }

    public HttpClient Client() => Service.Client(AdminKey, TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        await TestPostgres.DropDatabaseAsync(_connectionString);
    }
}

public sealed class ExamplePipelinesTests(DefaultInstallFixture install) : IClassFixture<DefaultInstallFixture>
{
    /// <summary>Inputs for each example in pipelines/; a new example needs an entry here.</summary>
    private static readonly Dictionary<string, object> Inputs = new(StringComparer.Ordinal)
    {
        ["market-signal"] = new
        {
            headline = "Acme beats earnings expectations and raises full-year guidance; shares jump 12%",
            filing = "Risk factors: rising interest rates, a stronger dollar and weaker consumer demand in Europe.",
            ticker = "acme",
        },
        ["document-qa"] = new
        {
            question = "How many days do customers have to return a product?",
            documents = new[]
            {
                "Returns: customers may return any product within 30 days of delivery for a full refund.",
                "Shipping: orders ship within two business days from our warehouse in Rotterdam.",
            },
        },
        ["support-triage"] = new
        {
            subject = "I was charged twice for my invoice",
            body = "My credit card was billed twice for the March invoice. Please refund the duplicate payment.",
            customer_tier = "pro",
        },
    };

    private static readonly string[] DefaultProviders = ["local-minilm", "local-arctic", "demo-chat-primary", "demo-chat-backup"];

    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "pipelines"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_OnDefaultInstall_RunsOfflineToCompletion(string example)
    {
        // Arrange
        using var client = install.Client();
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "pipelines", example + ".yaml"));
        Assert.True(Inputs.ContainsKey(example), $"Add inputs for the example '{example}' to {nameof(ExamplePipelinesTests)}.");
        await client.PublishAsync(yaml);

        // Act
        var run = await client.StartRunAsync(example, Inputs[example], wait: null);
        var runId = run.GetProperty("id").GetString()!;
        var until = DateTime.UtcNow.AddSeconds(120);
        while (run.Status() == "Running" && DateTime.UtcNow < until)
        {
            // Approve whatever waits for a person, as a reviewer would.
            foreach (var waiting in run.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Waiting"))
            {
                await client.PostAsJsonAsync($"/api/v1/runs/{runId}/signals/{waiting.GetProperty("id").GetString()}", new { approved = true, comment = "looks good" });
            }

            await Task.Delay(200);
            run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
        }

        // Assert
        Assert.True(run.Status() == "Succeeded", $"{example} ended {run.Status()}: {run}");
        var calls = run.GetProperty("steps").EnumerateArray()
            .SelectMany(s => s.TryGetProperty("calls", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray() : [])
            .Select(c => c.GetProperty("provider").GetString())
            .ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, p => Assert.Contains(p, DefaultProviders));
    }
}
