using MassTransit;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Results of one run are recorded one at a time in this process (partitioned by run id): parallel branches then
/// append in turn instead of colliding on the stream version and retrying. Different runs still proceed in parallel.
/// A database fault while recording is retried in place (<see cref="TransientDatabaseFaults"/>): a result is never
/// parked in the error queue to wait for its step's lease.
/// </summary>
public sealed class StepExecutedConsumerDefinition : ConsumerDefinition<StepExecutedConsumer>
{
    public const int Partitions = 32;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<StepExecutedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.RetryOnTransientDatabaseFaults();
        consumerConfigurator.Message<StepExecuted>(message => message.UsePartitioner(Partitions, c => c.Message.RunId));
    }
}
