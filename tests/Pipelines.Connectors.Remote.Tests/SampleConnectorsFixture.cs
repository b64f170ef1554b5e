using Pipelines.Testing;

namespace Pipelines.Connectors.Remote.Tests;

/// <summary>Three instances of the Python sample: as shipped, broken on purpose, and requiring a bearer secret.</summary>
public sealed class SampleConnectorsFixture : IAsyncLifetime
{
    public const string Secret = "test-secret-1234";

    public PythonConnector Good { get; private set; } = null!;

    public PythonConnector Broken { get; private set; } = null!;

    public PythonConnector Guarded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(
            PythonConnector.StartAsync(),
            PythonConnector.StartAsync("--broken"),
            PythonConnector.StartAsync("--secret", Secret));
        (Good, Broken, Guarded) = (started[0], started[1], started[2]);
    }

    public async Task DisposeAsync()
    {
        if (Good is not null)
        {
            await Good.DisposeAsync();
        }

        if (Broken is not null)
        {
            await Broken.DisposeAsync();
        }

        if (Guarded is not null)
        {
            await Guarded.DisposeAsync();
        }
    }
}
