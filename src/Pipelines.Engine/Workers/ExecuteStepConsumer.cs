using Marten;
using MassTransit;
using Pipelines.Engine.Runs;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Workers;

/// <summary>
/// Runs a dispatched step. Messages arrive at least once, so it first checks the step is still wanted
/// (run running, step ready, this dispatch the latest) and drops stale copies, then claims (run, step, dispatch)
/// atomically, so two deliveries of one dispatch never both execute it. A step cut short because the consumer itself
/// was stopped is given back instead of being reported as cancelled.
/// </summary>
public sealed class ExecuteStepConsumer(
    IDocumentStore store, PublishedDefinitions definitions, StepClaims claims, StepRunner runner, RunningSteps running, TimeProvider clock)
    : IConsumer<ExecuteStep>
{
    public async Task Consume(ConsumeContext<ExecuteStep> context)
    {
        var command = context.Message;
        RunSummary? state;
        await using (var session = store.QuerySession(command.TenantId))
        {
            state = await session.LoadAsync<RunSummary>(command.RunId, context.CancellationToken);
        }

        if (state is null || state.Status.IsTerminal()
            || !state.Steps.TryGetValue(command.StepId, out var step)
            || step.Status != StepStatus.Ready || step.Dispatch != command.Dispatch)
        {
            return;
        }

        var definition = await definitions.GetAsync(command.TenantId, state.PipelineId, state.PipelineVersion, context.CancellationToken);
        if (definition is null || !definition.Steps.TryGetValue(command.StepId, out var stepDefinition))
        {
            return;
        }

        var key = new StepKey(command.TenantId, command.RunId, command.StepId, command.Dispatch);
        if (!await claims.TryExecuteAsync(key, context.CancellationToken))
        {
            return;
        }

        using var registration = running.Register(command.TenantId, command.RunId, context.CancellationToken);
        if (state.Deadline is { } deadline)
        {
            registration.CancelAfter(Max(deadline - clock.GetUtcNow(), TimeSpan.Zero));
        }

        var report = await runner.RunAsync(command, state, definition.Defaults, stepDefinition, registration.Token);
        if (report.Outcome == Connectors.OutcomeClass.Cancelled && context.CancellationToken.IsCancellationRequested)
        {
            // The consumer was stopped (the broker connection dropped, the process is stopping), not the run: no
            // result is recorded, so the step runs again on its redelivery, or after this process is gone.
            await claims.ReleaseAsync(key, CancellationToken.None);
            context.CancellationToken.ThrowIfCancellationRequested();
        }

        await context.Publish(report, CancellationToken.None);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
