using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipelines.Routing.Health;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Shares circuit transitions between processes over PostgreSQL LISTEN/NOTIFY: when one worker finds a provider down,
/// the others stop calling it within a notification's latency (milliseconds), not after failing on it themselves.
/// </summary>
public sealed partial class CircuitBroadcast(NpgsqlDataSource database, HealthRegistry health, ILogger<CircuitBroadcast> logger) : BackgroundService
{
    public const string Channel = "pipelines_circuits";
    private const int MaxReasonLength = 400; // NOTIFY payloads are limited to 8000 bytes
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<CircuitSignal> _outbox = System.Threading.Channels.Channel.CreateUnbounded<CircuitSignal>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.CircuitChanged += Enqueue;
        try
        {
            await Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));
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
                await using var command = database.CreateCommand("SELECT pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(new Message(_node, shared)) });
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException exception)
            {
                LogSendFailed(logger, exception, signal.Key);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (NpgsqlException exception)
            {
                LogListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Receive(string payload)
    {
        if (JsonSerializer.Deserialize<Message>(payload) is { } message && message.Node != _node)
        {
            health.Apply(message.Signal);
        }
    }

    private sealed record Message(string Node, CircuitSignal Signal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not share the circuit change of {Key} with other processes")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the circuit notification channel; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
