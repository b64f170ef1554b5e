namespace Pipelines.Connectors;

/// <summary>Supplies configured providers to the registry; each connector package registers one.</summary>
public interface IProviderSource
{
    IEnumerable<IProviderConnector> Providers { get; }
}
