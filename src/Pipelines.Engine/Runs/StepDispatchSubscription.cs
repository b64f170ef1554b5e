using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Turns committed events into bus messages: StepReady → ExecuteStep, RunCancelled → RunCancellationRequested.
/// Runs in Marten's async daemon, which checkpoints its progress in PostgreSQL: after a crash it resumes from the
/// last page it finished, so every StepReady is published at least once and no write is ever doubled.
/// </summary>
public sealed class StepDispatchSubscription(IBus bus) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            switch (e.Data)
            {
                case StepReady ready:
                    await bus.Publish(new ExecuteStep(e.TenantId, e.StreamKey!, ready.StepId, ready.Dispatch), cancellationToken);
                    break;
                case RunCancelled:
                    await bus.Publish(new RunCancellationRequested(e.TenantId, e.StreamKey!), cancellationToken);
                    break;
            }
        }

        return NullChangeListener.Instance;
    }
}
