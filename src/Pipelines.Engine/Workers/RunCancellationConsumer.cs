using MassTransit;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Workers;

/// <summary>Every worker process has its own queue for this, so each one stops its own steps of the cancelled run.</summary>
public sealed class RunCancellationConsumer(RunningSteps running) : IConsumer<RunCancellationRequested>
{
    public Task Consume(ConsumeContext<RunCancellationRequested> context)
    {
        running.Cancel(context.Message.TenantId, context.Message.RunId);
        return Task.CompletedTask;
    }
}
