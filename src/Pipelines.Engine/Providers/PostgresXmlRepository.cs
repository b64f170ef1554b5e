using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Pipelines.Engine.Providers;

/// <summary>One Data Protection key (XML) of the service-wide key ring; single-tenanted.</summary>
public sealed class DataProtectionKeyDocument
{
    public required string Id { get; init; }

    public required string Xml { get; init; }

    public DateTimeOffset StoredAt { get; init; }
}

/// <summary>
/// Keeps the Data Protection key ring in PostgreSQL, so every API and worker process encrypts and decrypts provider
/// secrets with the same keys. Data Protection calls it rarely (at start, on key rotation, on an unknown key id).
/// </summary>
public sealed class MartenXmlRepository(IDocumentStore store, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        return [.. session.Query<DataProtectionKeyDocument>().OrderBy(k => k.StoredAt).ToList().Select(k => XElement.Parse(k.Xml))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var session = store.LightweightSession();
        // Insert, never overwrite: a key, once issued, must stay readable by every process.
        session.Insert(new DataProtectionKeyDocument
        {
            Id = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            StoredAt = clock.GetUtcNow(),
        });
        // IXmlRepository is synchronous; Data Protection calls it only when it creates a key (about every 90 days).
#pragma warning disable VSTHRD002
        Task.Run(() => session.SaveChangesAsync()).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }
}
