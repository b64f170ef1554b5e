using Pipelines.Connectors.OpenAI;
using Pipelines.Testing;

namespace Pipelines.Routing.Tests;

/// <summary>One sandbox server for the class; each test scripts its own model names, so tests never see each other's calls.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxServer Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    /// <summary>A chat provider on the sandbox whose model name is its id (so faults and the call log are per provider).</summary>
    public RegisteredProvider Provider(string id, int? contextWindow = null, string? residency = null, int timeoutSeconds = 5)
    {
        var connector = new OpenAiProvider(id, new OpenAiProviderOptions
        {
            Endpoint = Sandbox.OpenAiEndpoint,
            Model = id,
            TimeoutSeconds = timeoutSeconds,
        }, new HttpClient());
        var tags = residency is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["residency"] = residency };
        return new RegisteredProvider(id, connector, connector.Manifest with { ContextWindow = contextWindow }, tags, ProviderOrigin.Configuration);
    }

    /// <summary>Calls each model received, in order, with their outcome as the sandbox applied it.</summary>
    public async Task<IReadOnlyList<string>> OutcomesAsync(string model) =>
        [.. (await Sandbox.CallsAsync(model)).Select(c => c.Outcome)];

    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    /// <summary>Short breaks and backoffs so tests run fast; retries as by default (two).</summary>
    public static RoutingOptions FastOptions(TimeSpan? timeToFirstToken = null) => new()
    {
        ConsecutiveFailuresToOpen = 3,
        BreakTime = TimeSpan.FromMilliseconds(250),
        MaxBreakTime = TimeSpan.FromSeconds(1),
        TimeToFirstToken = timeToFirstToken ?? TimeSpan.FromSeconds(3),
        StallTimeout = TimeSpan.FromSeconds(2),
        RetryBackoff = TimeSpan.FromMilliseconds(50),
        MaxRetryBackoff = TimeSpan.FromMilliseconds(200),
    };
}
