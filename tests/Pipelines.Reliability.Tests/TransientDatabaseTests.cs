using Npgsql;
using Pipelines.Testing;

namespace Pipelines.Reliability.Tests;

/// <summary>
/// The database drops every connection of the service, repeatedly, while a batch of runs records its results:
/// results are retried in place, not parked in an error queue to wait minutes for their leases.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class TransientDatabaseTests(ReliabilityFixture fixture)
{
    private const int Runs = 30;
    private const int Steps = 10;

    [Fact]
    public async Task ConnectionsTerminatedDuringABatch_EveryRunCompletesWellBeforeAnyLease_EachStepRecordedOnce()
    {
        // Arrange
        await using var service = await fixture.StartSingleInMemoryAsync();
        using var client = fixture.Client(service);
        var id = TestDefinitions.NewId("blip");
        await client.PublishAsync(Chain(id));
        var runIds = await RunBatch.StartAsync(client, id, Runs);

        // Act: every 250 ms for 4 s, terminate every backend of the service's database
        var terminated = 0;
        for (var i = 0; i < 16; i++)
        {
            terminated += await TerminateServiceConnectionsAsync();
            await Task.Delay(250);
        }

        // Assert: the lease of these steps is 5 min 30 s; a parked result would leave its run running far longer
        var finished = await RunBatch.WaitAsync(client, runIds, TimeSpan.FromSeconds(90));
        Assert.True(terminated > 0, "no connection was terminated");
        Assert.All(finished, run => Assert.Equal("Succeeded", run.Status()));
        await RunBatch.AssertEachStepRecordedOnceAsync(client, runIds, [.. Enumerable.Range(1, Steps).Select(i => $"s{i}")]);
    }

    private async Task<int> TerminateServiceConnectionsAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database;
        await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) t",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Chain(string id) =>
        $"apiVersion: pipelines/v1\nkind: Pipeline\nid: {id}\ntitle: Chain\ninputs:\n  n: {{ type: integer }}\nsteps:\n"
        + string.Join("\n", Enumerable.Range(1, Steps).Select(i => i == 1
            ? "  s1:\n    uses: transform\n    with: { v: \"{{ inputs.n }}\" }"
            : $"  s{i}:\n    uses: transform\n    needs: [s{i - 1}]\n    with: {{ v: \"{{{{ steps.s{i - 1}.output.v }}}}\" }}"))
        + "\noutputs:\n  v: \"{{ steps.s10.output.v }}\"\n";
}
