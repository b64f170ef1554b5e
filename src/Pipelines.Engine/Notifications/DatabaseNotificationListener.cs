using System.Collections.Frozen;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pipelines.Engine.Notifications;

/// <summary>
/// One LISTEN connection per process for every <see cref="IDatabaseNotificationHandler"/>: circuit transitions, API key
/// revocations. It reconnects after a lost connection and tells each handler, since notifications sent meanwhile are gone.
/// </summary>
public sealed partial class DatabaseNotificationListener(
    NpgsqlDataSource database,
    IEnumerable<IDatabaseNotificationHandler> handlers,
    ILogger<DatabaseNotificationListener> logger) : BackgroundService
{
    private readonly FrozenDictionary<string, IDatabaseNotificationHandler> _handlers =
        handlers.ToFrozenDictionary(h => h.Channel, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_handlers.Count == 0)
        {
            return;
        }

        var listen = string.Join(';', _handlers.Keys.Select(channel => $"LISTEN \"{channel}\""));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                await using (var command = new NpgsqlCommand(listen, connection))
                {
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }

                foreach (var handler in _handlers.Values)
                {
                    handler.Listening();
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException exception)
            {
                LogListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        if (!_handlers.TryGetValue(channel, out var handler))
        {
            return;
        }

        // A handler's failure must not end the loop that serves the other channels.
#pragma warning disable CA1031
        try
        {
            handler.Receive(payload);
        }
        catch (Exception exception)
        {
            LogReceiveFailed(logger, exception, channel);
        }
#pragma warning restore CA1031
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the database notification channel; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not handle a notification on {Channel}")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string channel);
}
