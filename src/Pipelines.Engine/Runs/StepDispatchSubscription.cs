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
/// last page it finished, so every StepReady is published at least once and no write is ever doubled. This process
/// holds the steps it publishes (<see cref="StepClaims"/>) until a worker takes them, so that if it dies with them
/// in an in-memory bus they are dispatched again within seconds.
/// </summary>
public sealed class StepDispatchSubscription(IBus bus, StepClaims claims) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await claims.HoldAsync(
            [.. page.Events.Where(e => e.Data is StepReady).Select(e => new StepKey(e.TenantId, e.StreamKey!, ((StepReady)e.Data).StepId, ((StepReady)e.Data).Dispatch))],
            cancellationToken);
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
