using System.ComponentModel.DataAnnotations;

namespace Pipelines.Engine.Providers;

/// <summary>The provider registry's settings, under <c>Pipelines:Providers</c>.</summary>
public sealed class ProviderRegistryOptions
{
    public const string SectionName = "Pipelines:Providers";

    /// <summary>A YAML or JSON file of service-wide providers loaded at start (GitOps); relative to the working directory.</summary>
    public string? File { get; set; }

    /// <summary>
    /// How long a process trusts its copy of a tenant's providers before reading them again: the longest another
    /// process's change takes to be seen here (changes made through this process are seen at once).
    /// </summary>
    [Range(0, 2)]
    public double CacheSeconds { get; set; } = 2;
}
