using MassTransit;
using Pipelines.Api.Hosting;
using Pipelines.Api.Messaging;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on the in-memory transport by default, RabbitMQ when configured; the role decides which consumers
    /// this process hosts (orchestration for api, step execution for worker, both for all).
    /// </summary>
    public static IHostApplicationBuilder AddPipelinesMessaging(this IHostApplicationBuilder builder)
    {
        var bus = builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>() ?? new BusOptions();
        if (bus.Transport == BusTransport.RabbitMq && bus.RabbitMqUri is null)
        {
            throw new InvalidOperationException(
                $"{BusOptions.SectionName}:{nameof(BusOptions.RabbitMqUri)} is required when the transport is RabbitMq.");
        }

        var role = builder.Configuration.GetServiceRole();
        if (role != ServiceRole.Worker)
        {
            builder.Services.AddPipelinesOrchestration();
        }

        if (role != ServiceRole.Api)
        {
            builder.Services.AddPipelinesWorkers();
        }

        builder.Services.AddMassTransit(configurator =>
        {
            configurator.SetKebabCaseEndpointNameFormatter();
            if (role != ServiceRole.Worker)
            {
                configurator.AddPipelinesOrchestrationConsumers();
            }

            if (role != ServiceRole.Api)
            {
                configurator.AddPipelinesWorkerConsumers();
            }

            if (bus.Transport == BusTransport.RabbitMq)
            {
                configurator.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(bus.RabbitMqUri, host => host.PublisherConfirmation = true);
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                configurator.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
        });
        return builder;
    }
}
