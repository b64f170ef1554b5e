using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Runs;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Workers;

/// <summary>
/// Executes one step: renders its inputs from the run's data, calls the executor of its capability with the step's
/// timeout, retries retryable outcomes with exponential backoff, and reports every call made.
/// </summary>
public sealed class StepRunner(StepExecutors executors, CapabilityLimiter limiter, IOptions<WorkerOptions> options, TimeProvider clock)
{
    public async Task<StepExecuted> RunAsync(
        ExecuteStep command, RunSummary state, PipelineDefaults? defaults, StepDefinition step, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var log = new ExecutionLog();
        var data = RunData.Of(state);
        try
        {
            var output = step.Kind == StepKind.Foreach
                ? await RunForeachAsync(command, state.PipelineId, defaults, step, data, log, cancellationToken)
                : await RunWithRetriesAsync(command, state.PipelineId, defaults, step, data, log, cancellationToken);
            return Report(command, startedAt, log, Bounded(output), null, null);
        }
        catch (StepExecutionException failure)
        {
            return Report(command, startedAt, log, null, failure.Message, failure.Outcome);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Report(command, startedAt, log, null, "The run was cancelled or passed its deadline.", OutcomeClass.Cancelled);
        }
    }

    private async Task<JsonNode> RunForeachAsync(
        ExecuteStep command, string pipelineId, PipelineDefaults? defaults, StepDefinition step, JsonObject data, ExecutionLog log, CancellationToken cancellationToken)
    {
        if (RunTemplates.Render(step.Items!, data) is not JsonArray items)
        {
            throw new StepExecutionException(OutcomeClass.InvalidRequest, "foreach items did not render to a list.");
        }

        if (items.Count > options.Value.MaxForeachItems)
        {
            throw new StepExecutionException(
                OutcomeClass.InvalidRequest,
                $"foreach items rendered to {items.Count} items; at most {options.Value.MaxForeachItems} are allowed (Pipelines:Workers:MaxForeachItems).");
        }

        var results = new JsonNode?[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = step.Parallelism ?? 4, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var itemData = (JsonObject)data.DeepClone();
                itemData["item"] = items[index]?.DeepClone();
                itemData["index"] = index;
                results[index] = await RunWithRetriesAsync(command, pipelineId, defaults, step.Step!, itemData, log, token);
            });
        return new JsonObject { ["items"] = new JsonArray([.. results.Select(r => r?.DeepClone())]) };
    }

    /// <summary>The output as JSON, or a step failure when it is larger than a run may hold.</summary>
    private string Bounded(JsonNode output)
    {
        var json = output.ToJsonString();
        var bytes = System.Text.Encoding.UTF8.GetByteCount(json);
        return bytes <= options.Value.MaxOutputBytes
            ? json
            : throw new StepExecutionException(
                OutcomeClass.InvalidRequest,
                $"The step's output is {bytes} bytes; at most {options.Value.MaxOutputBytes} are allowed (Pipelines:Workers:MaxOutputBytes).");
    }

    private async Task<JsonNode> RunWithRetriesAsync(
        ExecuteStep command, string pipelineId, PipelineDefaults? defaults, StepDefinition step, JsonObject data, ExecutionLog log, CancellationToken cancellationToken)
    {
        var executor = executors.Find(step, defaults, $"{pipelineId}/{command.StepId}");
        var input = RunTemplates.RenderObject(step.With, data);
        var retries = StepSettings.RetriesOf(defaults, step);
        for (var attempt = 1; ; attempt++)
        {
            var request = new StepRequest(command.TenantId, command.RunId, command.StepId, step.Uses, input, step.Providers, attempt);
            var outcome = await AttemptAsync(executor, request, StepSettings.TimeoutOf(defaults, step), log, cancellationToken);
            if (outcome.Output is { } output)
            {
                return output;
            }

            if (!outcome.Failure!.IsRetryable || attempt > retries)
            {
                throw outcome.Failure;
            }

            await Task.Delay(
                StepSettings.BackoffOf(defaults, step, attempt, options.Value.RetryDelay, options.Value.MaxRetryDelay), clock, cancellationToken);
        }
    }

    private async Task<(JsonNode? Output, StepExecutionException? Failure)> AttemptAsync(
        IStepExecutor executor, StepRequest request, TimeSpan timeout, ExecutionLog log, CancellationToken cancellationToken)
    {
        using var gate = await limiter.EnterAsync(request.Capability, cancellationToken);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        log.CountAttempt();
        try
        {
            var result = await executor.ExecuteAsync(request, timeoutSource.Token);
            log.Add(result.Attempts);
            return (result.Output ?? new JsonObject(), null);
        }
        catch (StepExecutionException failure) when (failure.Outcome == OutcomeClass.Cancelled && !cancellationToken.IsCancellationRequested)
        {
            // The router reports the calls it made before the step's timeout cut it off.
            log.Add(failure.Attempts);
            return (null, new StepExecutionException(OutcomeClass.Timeout, TimeoutMessage(timeout), failure.Attempts));
        }
        catch (StepExecutionException failure)
        {
            log.Add(failure.Attempts);
            cancellationToken.ThrowIfCancellationRequested(); // a run cancel or deadline, reported as such by RunAsync
            return (null, failure);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            log.Add([new ProviderAttempt(request.Capability, OutcomeClass.Timeout, watch.Elapsed.TotalMilliseconds, TimeoutMessage(timeout))]);
            return (null, new StepExecutionException(OutcomeClass.Timeout, TimeoutMessage(timeout)));
        }
    }

    private static string TimeoutMessage(TimeSpan timeout) => $"The step did not finish within its timeout of {timeout.TotalSeconds:0.###} s.";

    private StepExecuted Report(
        ExecuteStep command, DateTimeOffset startedAt, ExecutionLog log, string? outputJson, string? error, OutcomeClass? outcome) =>
        new(command.TenantId, command.RunId, command.StepId, command.Dispatch, error is null, outputJson, error, outcome,
            log.Attempts, log.Calls, startedAt, clock.GetUtcNow());
}
