using Pipelines.Testing;

namespace Pipelines.Reliability.Tests;

/// <summary>
/// A database, the sandbox provider and the settings that API and worker processes share (RabbitMQ transport).
/// Processes are started per test, so each scenario controls its own crashes.
/// </summary>
public sealed class ReliabilityFixture : IAsyncLifetime
{
    public const string SlowModel = "slow";

    public string AdminKey { get; } = "pk_reliability_" + Guid.NewGuid().ToString("N");

    public SandboxServer Sandbox { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public static string RabbitMqUri =>
        Environment.GetEnvironmentVariable("PIPELINES_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

    public IReadOnlyDictionary<string, string> ServiceEnvironment => new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = ConnectionString,
        ["Pipelines__AdminKey"] = AdminKey,
        ["Pipelines__Bus__Transport"] = "RabbitMq",
        ["Pipelines__Bus__RabbitMqUri"] = RabbitMqUri,
        ["Pipelines__Providers__OpenAI__Providers__sandbox-slow__Endpoint"] = Sandbox.OpenAiEndpoint.ToString(),
        ["Pipelines__Providers__OpenAI__Providers__sandbox-slow__Model"] = SlowModel,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        Sandbox = await SandboxServer.StartAsync();
    }

    public Task<ServiceProcess> StartAsync(string role) => ServiceProcess.StartAsync(role, ServiceEnvironment);

    /// <summary>One process doing everything on the in-memory bus: its messages die with it.</summary>
    public Task<ServiceProcess> StartSingleInMemoryAsync() =>
        ServiceProcess.StartAsync("all", new Dictionary<string, string>(ServiceEnvironment) { ["Pipelines__Bus__Transport"] = "InMemory" });

    public HttpClient Client(ServiceProcess api) => api.Client(AdminKey, TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityFixture>
{
    public const string Name = "reliability";
}
