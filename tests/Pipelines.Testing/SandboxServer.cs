using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Sandbox;

namespace Pipelines.Testing;

/// <summary>The project's fault-injecting OpenAI-compatible server, on a real loopback port.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _admin;

    private SandboxServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        _admin = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public Uri OpenAiEndpoint => new(BaseAddress, "/v1");

    public static async Task<SandboxServer> StartAsync()
    {
        var app = SandboxApp.Create(["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address));
    }

    public async Task AddFaultAsync(FaultRule rule) =>
        (await _admin.PostAsJsonAsync("/_sandbox/faults", rule, SandboxJson.Options)).EnsureSuccessStatusCode();

    public async Task ClearFaultsAsync() => (await _admin.DeleteAsync("/_sandbox/faults")).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<SandboxCall>> CallsAsync() =>
        (await _admin.GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", SandboxJson.Options))!;

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }
}
