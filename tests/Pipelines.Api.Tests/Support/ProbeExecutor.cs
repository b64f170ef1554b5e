using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Api.Tests.Support;

/// <summary>
/// A test capability registered through the public executor contract. Its <c>with</c> says what to do:
/// <c>mode: ok</c> (echo <c>value</c>), <c>fail</c> (with <c>outcome</c>), <c>flaky</c> (fail <c>failTimes</c> then
/// succeed), <c>hang</c> (wait until cancelled). It records every call and every cancellation it saw.
/// </summary>
public sealed class ProbeExecutor : IStepExecutor
{
    public const string Name = "probe";

    private readonly ConcurrentDictionary<(string Run, string Step), int> _calls = new();
    private readonly ConcurrentDictionary<(string Run, string Step), bool> _cancelled = new();

    public string Capability => Name;

    public int CallsOf(string runId, string stepId) => _calls.GetValueOrDefault((runId, stepId));

    public bool WasCancelled(string runId, string stepId) => _cancelled.ContainsKey((runId, stepId));

    public async Task<StepResult> ExecuteAsync(StepRequest request, CancellationToken cancellationToken)
    {
        var call = _calls.AddOrUpdate((request.RunId, request.StepId), 1, (_, n) => n + 1);
        var mode = request.Input["mode"]?.ToString() ?? "ok";
        switch (mode)
        {
            case "fail":
                throw new StepExecutionException(
                    Enum.Parse<OutcomeClass>(request.Input["outcome"]?.ToString() ?? nameof(OutcomeClass.InvalidRequest)), "probe failed as asked");
            case "flaky" when call <= (int)request.Input["failTimes"]!:
                throw new StepExecutionException(OutcomeClass.Unavailable, $"probe flaked on call {call}");
            case "hang":
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    _cancelled[(request.RunId, request.StepId)] = true;
                    throw;
                }

                break;
        }

        return StepResult.Of(new JsonObject { ["value"] = request.Input["value"]?.DeepClone(), ["calls"] = call });
    }
}
