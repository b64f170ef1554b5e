using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipelines.Engine.Notifications;
using Pipelines.Routing.Health;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Shares circuit transitions between processes over PostgreSQL LISTEN/NOTIFY: when one worker finds a provider down,
/// the others stop calling it within a notification's latency (milliseconds), not after failing on it themselves.
/// It sends from its own loop (a transition is raised synchronously) and receives through <see cref="DatabaseNotificationListener"/>.
/// </summary>
public sealed partial class CircuitBroadcast(NpgsqlDataSource database, HealthRegistry health, ILogger<CircuitBroadcast> logger)
    : BackgroundService, IDatabaseNotificationHandler
{
    private const int MaxReasonLength = 400; // well inside DatabaseNotifications.MaxPayloadBytes with the rest of the signal
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<CircuitSignal> _outbox = System.Threading.Channels.Channel.CreateUnbounded<CircuitSignal>();

    public string Channel => "pipelines_circuits";

    public void Receive(string payload)
    {
        if (JsonSerializer.Deserialize<Message>(payload) is { } message && message.Node != _node)
        {
            health.Apply(message.Signal);
        }
    }

    /// <summary>Transitions missed while disconnected are not replayed: each process still opens circuits on its own observations.</summary>
    public void Listening()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.CircuitChanged += Enqueue;
        try
        {
            await SendAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            health.CircuitChanged -= Enqueue;
        }
    }

    private void Enqueue(CircuitSignal signal) => _outbox.Writer.TryWrite(signal);

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var signal in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            var shared = signal with { Reason = signal.Reason is { Length: > MaxReasonLength } r ? r[..MaxReasonLength] : signal.Reason };
            try
            {
                await database.NotifyAsync(Channel, JsonSerializer.Serialize(new Message(_node, shared)), stoppingToken);
            }
            catch (NpgsqlException exception)
            {
                LogSendFailed(logger, exception, signal.Key);
            }
        }
    }

    private sealed record Message(string Node, CircuitSignal Signal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not share the circuit change of {Key} with other processes")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string key);
}
