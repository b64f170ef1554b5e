using Pipelines.Testing;

namespace Pipelines.Cli.Tests;

/// <summary>One database and one service process (all roles, in-memory bus) for the whole project.</summary>
public sealed class CliFixture : IAsyncLifetime
{
    public string AdminKey { get; } = "pk_cli_" + Guid.NewGuid().ToString("N");

    public ServiceProcess Service { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>PIPELINES_URL and PIPELINES_API_KEY for the tool, the way CI passes them.</summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment => new Dictionary<string, string>
    {
        ["PIPELINES_URL"] = Service.Address.ToString(),
        ["PIPELINES_API_KEY"] = AdminKey,
    };

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        Service = await ServiceProcess.StartAsync("all", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = ConnectionString,
            ["Pipelines__AdminKey"] = AdminKey,
            ["Logging__LogLevel__Default"] = "Warning",
            // The providers of a default install, so the examples in pipelines/ deploy (their providers are checked).
            ["Pipelines__Providers__File"] = Path.Combine(RepositoryRoot.Path, "deploy", "local", "providers.yaml"),
            // No sandbox listens there: a run on the demo chat providers fails (what FailingAtAsk needs).
            ["PIPELINES_SANDBOX_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(args, ToolEnvironment);

    public HttpClient Client() => Service.Client(AdminKey, TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "cli";
}
