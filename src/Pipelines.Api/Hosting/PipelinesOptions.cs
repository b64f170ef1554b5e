using System.ComponentModel.DataAnnotations;

namespace Pipelines.Api.Hosting;

/// <summary>Service-wide settings bound from the <c>Pipelines</c> section.</summary>
public sealed class PipelinesOptions
{
    public const string SectionName = "Pipelines";

    /// <summary>Which parts this process runs: the HTTP API, the step workers, or both.</summary>
    public ServiceRole Role { get; set; } = ServiceRole.All;

    /// <summary>Bootstrap admin API key, upserted at start. Empty: no bootstrap key.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Tenant the bootstrap admin key belongs to.</summary>
    [Required, RegularExpression("^[a-z][a-z0-9-]{0,62}$")]
    public string DefaultTenant { get; set; } = "default";

    /// <summary>Live run event streams (<c>Accept: text/event-stream</c>) one tenant may hold open per API process.</summary>
    [Range(1, 10_000)]
    public int MaxLiveStreamsPerTenant { get; set; } = 20;
}

public enum ServiceRole
{
    All,
    Api,
    Worker,
}
