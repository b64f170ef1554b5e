using MassTransit;
using Pipelines.Api.Messaging;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagingExtensions
{
    /// <summary>MassTransit on the in-memory transport by default, RabbitMQ when configured.</summary>
    public static IHostApplicationBuilder AddPipelinesMessaging(this IHostApplicationBuilder builder)
    {
        var bus = builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>() ?? new BusOptions();
        if (bus.Transport == BusTransport.RabbitMq && bus.RabbitMqUri is null)
        {
            throw new InvalidOperationException(
                $"{BusOptions.SectionName}:{nameof(BusOptions.RabbitMqUri)} is required when the transport is RabbitMq.");
        }

        builder.Services.AddMassTransit(configurator =>
        {
            configurator.SetKebabCaseEndpointNameFormatter();
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
