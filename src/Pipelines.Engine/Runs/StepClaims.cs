using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Who holds each dispatched step: one row per (run, step, dispatch) naming a process. The dispatcher holds a step
/// from publishing it (with the in-memory bus the message dies with that process), and a worker takes the row over
/// atomically when it starts the step: a second delivery of the same dispatch finds it taken and drops it. Every
/// process heartbeats; the sweeper dispatches again the steps whose holder went silent. Rows go when the step is
/// recorded (same transaction as the append) or when the sweeper has handled them.
/// </summary>
public sealed class StepClaims(IServiceProvider services, NpgsqlDataSource database)
{
    // The store is looked up on first use, not injected: the store builds the dispatch subscription, which uses this.
    private string? _schema;

    /// <summary>A holder silent this long (three missed heartbeats) is dead.</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromSeconds(6);

    private const string ClaimsTable = "step_claims";
    private const string ProcessesTable = "engine_processes";

    /// <summary>This process, as named in heartbeats and claims: unique per start, so a restart is a new holder.</summary>
    public string ProcessId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    private string Schema => _schema ??= services.GetRequiredService<IDocumentStore>().Options.DatabaseSchemaName;

    public static void AddSchema(StoreOptions options)
    {
        var claims = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, ClaimsTable, SchemaUtils.IdentifierUsage.General));
        claims.AddColumn<string>("tenant_id").AsPrimaryKey();
        claims.AddColumn<string>("run_id").AsPrimaryKey();
        claims.AddColumn<string>("step_id").AsPrimaryKey();
        claims.AddColumn<int>("dispatch").AsPrimaryKey();
        claims.AddColumn<string>("process_id").NotNull();
        claims.AddColumn<bool>("executing").NotNull();
        claims.AddColumn("claimed_at", "timestamptz").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(claims);

        var processes = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, ProcessesTable, SchemaUtils.IdentifierUsage.General));
        processes.AddColumn<string>("process_id").AsPrimaryKey();
        processes.AddColumn("heartbeat_at", "timestamptz").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(processes);
    }

    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"insert into {Schema}.{ProcessesTable} (process_id, heartbeat_at) values ($1, now()) " +
            "on conflict (process_id) do update set heartbeat_at = now()")
        {
            Parameters = { new NpgsqlParameter { Value = ProcessId } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {Schema}.{ProcessesTable} p where p.heartbeat_at < now() - interval '1 hour' " +
            $"and not exists (select 1 from {Schema}.{ClaimsTable} c where c.process_id = p.process_id)"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The dispatcher holds the steps it is about to publish, until a worker takes them.</summary>
    public async Task HoldAsync(IReadOnlyList<StepKey> steps, CancellationToken cancellationToken)
    {
        if (steps.Count == 0)
        {
            return;
        }

        await using var command = database.CreateCommand(
            $"insert into {Schema}.{ClaimsTable} (tenant_id, run_id, step_id, dispatch, process_id, executing, claimed_at) " +
            "select t, r, s, d, $5, false, now() from unnest($1::text[], $2::text[], $3::text[], $4::int[]) as x(t, r, s, d) " +
            "on conflict do nothing");
        command.Parameters.Add(new NpgsqlParameter { Value = steps.Select(s => s.TenantId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = steps.Select(s => s.RunId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = steps.Select(s => s.StepId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = steps.Select(s => s.Dispatch).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = ProcessId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Takes the step for execution in this process; false when another delivery is already executing it.</summary>
    public async Task<bool> TryExecuteAsync(StepKey step, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"insert into {Schema}.{ClaimsTable} as c (tenant_id, run_id, step_id, dispatch, process_id, executing, claimed_at) " +
            "values ($1, $2, $3, $4, $5, true, now()) " +
            "on conflict (tenant_id, run_id, step_id, dispatch) do update set process_id = excluded.process_id, executing = true, claimed_at = now() " +
            "where not c.executing returning 1");
        AddKey(command, step);
        command.Parameters.Add(new NpgsqlParameter { Value = ProcessId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Gives a step this process started back without a result (its consumer was stopped, not the run): a redelivery
    /// may take it again, and if this process dies first the sweeper dispatches it again.
    /// </summary>
    public async Task ReleaseAsync(StepKey step, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"update {Schema}.{ClaimsTable} set executing = false " +
            "where tenant_id = $1 and run_id = $2 and step_id = $3 and dispatch = $4 and process_id = $5");
        AddKey(command, step);
        command.Parameters.Add(new NpgsqlParameter { Value = ProcessId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Steps held by processes that stopped heartbeating.</summary>
    public async Task<IReadOnlyList<StepKey>> OrphansAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select c.tenant_id, c.run_id, c.step_id, c.dispatch from {Schema}.{ClaimsTable} c " +
            $"left join {Schema}.{ProcessesTable} p on p.process_id = c.process_id " +
            "where coalesce(p.heartbeat_at, c.claimed_at) < now() - $1 limit 1000");
        command.Parameters.Add(new NpgsqlParameter { Value = SilentAfter });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orphans = new List<StepKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orphans.Add(new StepKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return orphans;
    }

    public async Task ForgetAsync(StepKey step, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"delete from {Schema}.{ClaimsTable} where tenant_id = $1 and run_id = $2 and step_id = $3 and dispatch = $4");
        AddKey(command, step);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Queues, in the append's own transaction, the release of the claims on steps that append settles.</summary>
    public void ReleaseSettled(IDocumentSession session, string runId, RunSummary state, IReadOnlyList<object> events)
    {
        if (state.Status.IsTerminal())
        {
            session.QueueSqlCommand($"delete from {Schema}.{ClaimsTable} where tenant_id = ? and run_id = ?", session.TenantId, runId);
            return;
        }

        foreach (var stepId in events.Select(e => e switch { StepSucceeded s => s.StepId, StepFailed f => f.StepId, _ => null }))
        {
            if (stepId is not null)
            {
                session.QueueSqlCommand(
                    $"delete from {Schema}.{ClaimsTable} where tenant_id = ? and run_id = ? and step_id = ?", session.TenantId, runId, stepId);
            }
        }
    }

    private static void AddKey(NpgsqlCommand command, StepKey step)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = step.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = step.RunId });
        command.Parameters.Add(new NpgsqlParameter { Value = step.StepId });
        command.Parameters.Add(new NpgsqlParameter { Value = step.Dispatch });
    }
}

/// <summary>One dispatch of one step of one run.</summary>
public sealed record StepKey(string TenantId, string RunId, string StepId, int Dispatch);
