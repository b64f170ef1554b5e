using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipelines.Connectors.Remote.Tests;

/// <summary>A remote connector on a real loopback port whose <c>POST /invoke</c> answer each test scripts.</summary>
public sealed class ScriptedConnector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedConnector(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>What <c>POST /invoke</c> does next.</summary>
    public Func<HttpContext, Task> Invoke { get; set; } = context => context.Response.WriteAsJsonAsync(new { output = new { text = "ok" } });

    /// <summary>The headers of every request received.</summary>
    public ConcurrentQueue<IHeaderDictionary> Requests { get; } = new();

    public static async Task<ScriptedConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedConnector? self = null;
        app.MapPost("/invoke", context =>
        {
            self!.Requests.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            return self.Invoke(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ScriptedConnector(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
