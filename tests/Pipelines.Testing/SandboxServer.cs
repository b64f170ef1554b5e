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

    /// <summary>Starts on a free loopback port; <paramref name="args"/> may add configuration, e.g. <c>--Sandbox:Faults:0:Kind=Status</c>.</summary>
    public static async Task<SandboxServer> StartAsync(params string[] args)
    {
        var app = SandboxApp.Create(["--urls", "http://127.0.0.1:0", .. args]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address));
    }

    public async Task AddFaultAsync(FaultRule rule) =>
        (await _admin.PostAsJsonAsync("/_sandbox/faults", rule, SandboxJson.Options)).EnsureSuccessStatusCode();

    /// <summary>Scripts one model to fail this way for a while, then recover (<see cref="FaultRule.ForSeconds"/>).</summary>
    public Task AddFaultForAsync(FaultRule rule, TimeSpan duration) =>
        AddFaultAsync(rule with { ForSeconds = duration.TotalSeconds });

    /// <summary>Forgets every rule and the call log.</summary>
    public async Task ClearFaultsAsync() => (await _admin.DeleteAsync("/_sandbox/faults")).EnsureSuccessStatusCode();

    /// <summary>Forgets the rules scripted for one model (the provider recovers now); other rules and the log stay.</summary>
    public async Task ClearFaultsAsync(string model) =>
        (await _admin.DeleteAsync($"/_sandbox/faults?model={Uri.EscapeDataString(model)}")).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<FaultRule>> FaultsAsync() =>
        (await _admin.GetFromJsonAsync<List<FaultRule>>("/_sandbox/faults", SandboxJson.Options))!;

    public async Task<IReadOnlyList<SandboxCall>> CallsAsync() =>
        (await _admin.GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", SandboxJson.Options))!;

    /// <summary>The calls one model received, in order.</summary>
    public async Task<IReadOnlyList<SandboxCall>> CallsAsync(string model) =>
        [.. (await CallsAsync()).Where(c => c.Model == model)];

    public async Task ClearCallsAsync() => (await _admin.DeleteAsync("/_sandbox/calls")).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }
}
