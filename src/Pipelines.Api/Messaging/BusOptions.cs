namespace Pipelines.Api.Messaging;

/// <summary>Message bus settings (<c>Pipelines:Bus</c>).</summary>
public sealed class BusOptions
{
    public const string SectionName = "Pipelines:Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>amqp://user:password@host:port/vhost, required when Transport is RabbitMq.</summary>
    public Uri? RabbitMqUri { get; set; }
}

public enum BusTransport
{
    InMemory,
    RabbitMq,
}
