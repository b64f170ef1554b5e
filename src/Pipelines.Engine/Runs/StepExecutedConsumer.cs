using MassTransit;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Runs;

/// <summary>Records a worker's report in the run and marks what became ready; duplicates change nothing.</summary>
public sealed class StepExecutedConsumer(RunStreams runs) : IConsumer<StepExecuted>
{
    public Task Consume(ConsumeContext<StepExecuted> context) =>
        runs.DecideAsync(
            context.Message.TenantId,
            context.Message.RunId,
            (definition, state, now) => RunPlanner.Record(definition, state, context.Message, now),
            context.CancellationToken);
}
