namespace Pipelines.Engine.Notifications;

/// <summary>
/// Receives one PostgreSQL NOTIFY channel in this process. Registered as a singleton of this interface, it is served by
/// <see cref="DatabaseNotificationListener"/>, which listens on every registered channel over one connection.
/// </summary>
public interface IDatabaseNotificationHandler
{
    /// <summary>The channel name: a constant identifier, never user input.</summary>
    string Channel { get; }

    void Receive(string payload);

    /// <summary>
    /// Listening has (re)started. Whatever was sent while the connection was down is lost, so a handler that keeps
    /// state another process may have changed must drop it here.
    /// </summary>
    void Listening();
}
