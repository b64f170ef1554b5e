using System.ComponentModel.DataAnnotations;

namespace Pipelines.Engine.Routes;

/// <summary>The tenant route registry's settings, under <c>Pipelines:Routes</c>.</summary>
public sealed class RouteRegistryOptions
{
    public const string SectionName = "Pipelines:Routes";

    /// <summary>
    /// How long a process trusts its copy of a tenant's routes before reading them again: the longest another
    /// process's change takes to reach this process's gateway (changes made through this process are seen at once).
    /// </summary>
    [Range(0, 2)]
    public double CacheSeconds { get; set; } = 2;
}
