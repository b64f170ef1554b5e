using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Pipelines.Api.Auth;

namespace Microsoft.Extensions.DependencyInjection;

public static class PersistenceExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// The Marten store: connection and tenancy only. Modules add their own documents with ConfigureMarten.
    /// Every document and event is conjoined-tenanted from day one, so adding tenants needs no migration.
    /// </summary>
    public static IHostApplicationBuilder AddPipelinesPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName}).");
        }

        // Plain connections for what Marten does not do: LISTEN/NOTIFY between processes.
        builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(connectionString));
        builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = "pipelines";
                options.Policies.AllDocumentsAreMultiTenanted();
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Wake the dispatch subscription on every append instead of waiting for its next poll: this is what
                // keeps per-step overhead in milliseconds rather than a polling interval.
                options.Events.UseListenNotifyForEventAppends = true;
                // Concurrent appends to one run (parallel branches) must not burn sequence numbers: a gap stalls the
                // daemon's high-water mark until the stale-sequence threshold passes.
                options.Events.UseExclusiveLockOnConcurrentAppends = true;
                // Polling is the fallback behind LISTEN/NOTIFY; when busy, look for new events often.
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(25);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.Schema.For<ApiKeyRecord>().SingleTenanted();
            })
            .UseLightweightSessions()
            .BuildSessionsWith<TenantSessionFactory>()
            .ApplyAllDatabaseChangesOnStartup()
            .AddPipelinesDispatch();
        return builder;
    }
}
