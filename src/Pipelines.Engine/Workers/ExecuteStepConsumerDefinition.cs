using MassTransit;
using Microsoft.Extensions.Options;

namespace Pipelines.Engine.Workers;

/// <summary>How many steps a worker process takes at once; the broker holds the rest, so other workers can take them.</summary>
public sealed class ExecuteStepConsumerDefinition : ConsumerDefinition<ExecuteStepConsumer>
{
    public ExecuteStepConsumerDefinition(IOptions<WorkerOptions> options)
    {
        ConcurrentMessageLimit = options.Value.ConcurrentSteps;
    }
}
