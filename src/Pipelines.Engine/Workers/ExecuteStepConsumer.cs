using Marten;
using MassTransit;
using Pipelines.Engine.Runs;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Workers;

/// <summary>
/// Runs a dispatched step. Messages arrive at least once, so it first checks the step is still wanted
/// (run running, step ready, this dispatch the latest) and drops stale copies, then claims (run, step, dispatch)
/// atomically, so two deliveries of one dispatch never both execute it.
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

        if (!await claims.TryExecuteAsync(new StepKey(command.TenantId, command.RunId, command.StepId, command.Dispatch), context.CancellationToken))
        {
            return;
        }

        using var registration = running.Register(command.TenantId, command.RunId, context.CancellationToken);
        if (state.Deadline is { } deadline)
        {
            registration.CancelAfter(Max(deadline - clock.GetUtcNow(), TimeSpan.Zero));
        }

        var report = await runner.RunAsync(command, state, definition.Defaults, stepDefinition, registration.Token);
        await context.Publish(report, CancellationToken.None);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
