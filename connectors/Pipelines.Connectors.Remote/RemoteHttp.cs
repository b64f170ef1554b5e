namespace Pipelines.Connectors.Remote;

/// <summary>
/// The one HTTP client remote providers share (connection pooling across providers, DNS changes picked up every few
/// minutes). Deadlines are per call, so the client itself never times out.
/// </summary>
public static class RemoteHttp
{
    /// <summary>
    /// The service key of the <see cref="HttpClient"/> a host provides for remote calls (the service's egress policy);
    /// without one, <see cref="Shared"/> is used.
    /// </summary>
    public const string ClientKey = "remote-connectors";

    public static HttpClient Shared { get; } = Create();

    public static HttpClient Create(HttpMessageHandler? handler = null) => new(
        handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
