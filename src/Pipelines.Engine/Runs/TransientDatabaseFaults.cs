using MassTransit;
using Npgsql;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Faults worth retrying a run write for: the database briefly unreachable (restart, failover, a killed backend),
/// a transient server condition, or a concurrency conflict that outlasted <see cref="RunStreams"/>' own retries.
/// Marten wraps Npgsql's exceptions, so the whole chain is inspected.
/// </summary>
public static class TransientDatabaseFaults
{
    /// <summary>
    /// Retries a consumer in place on these faults, backing off to 5 s between tries (about 80 s in all, enough
    /// for a PostgreSQL restart), instead of parking the message in the error queue to wait for a lease.
    /// </summary>
    public static void RetryOnTransientDatabaseFaults(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(Is);
            retry.Exponential(20, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        });

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case JasperFx.ConcurrencyException:
                case PostgresException { SqlState: var state } when IsTransientState(state):
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    // 08: connection exception; 57P01-57P03: the server shut down, crashed or is starting (pg_terminate_backend
    // answers 57P01); 40001/40P01: serialization failure, deadlock; 53: insufficient resources.
    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is "57P01" or "57P02" or "57P03" or "40001" or "40P01"
        || state.StartsWith("53", StringComparison.Ordinal);
}
