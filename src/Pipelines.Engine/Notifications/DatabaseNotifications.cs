using Marten;
using Npgsql;

namespace Pipelines.Engine.Notifications;

/// <summary>The two ways to send on a channel that <see cref="DatabaseNotificationListener"/> serves.</summary>
public static class DatabaseNotifications
{
    /// <summary>NOTIFY payloads are limited to 8000 bytes.</summary>
    public const int MaxPayloadBytes = 8000;

    private const string Notify = "SELECT pg_notify($1, $2)";

    /// <summary>Sends now, on a connection of its own.</summary>
    public static async Task NotifyAsync(this NpgsqlDataSource database, string channel, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var command = database.CreateCommand(Notify);
        command.Parameters.Add(new NpgsqlParameter { Value = channel });
        command.Parameters.Add(new NpgsqlParameter { Value = payload });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sends with the session's next commit, and only if it commits: PostgreSQL delivers NOTIFY at commit.</summary>
    public static void QueueNotification(this IDocumentOperations session, string channel, string payload)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.QueueSqlCommand("SELECT pg_notify(?, ?)", channel, payload);
    }
}
