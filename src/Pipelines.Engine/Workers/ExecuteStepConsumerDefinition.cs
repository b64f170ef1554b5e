using MassTransit;
using Microsoft.Extensions.Options;
using Pipelines.Engine.Runs;

namespace Pipelines.Engine.Workers;

/// <summary>
/// How many steps a worker process takes at once; the broker holds the rest, so other workers can take them.
/// A database fault while checking or claiming the step is retried in place, not parked in the error queue.
/// </summary>
public sealed class ExecuteStepConsumerDefinition : ConsumerDefinition<ExecuteStepConsumer>
{
    public ExecuteStepConsumerDefinition(IOptions<WorkerOptions> options)
    {
        ConcurrentMessageLimit = options.Value.ConcurrentSteps;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExecuteStepConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.RetryOnTransientDatabaseFaults();
}
