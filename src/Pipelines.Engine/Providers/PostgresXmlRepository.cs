using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Keeps the Data Protection key ring in PostgreSQL (table <c>{schema}.data_protection_keys</c> of the Marten database),
/// so every API and worker process encrypts and decrypts provider secrets with the same keys. Data Protection calls it
/// rarely (at start, on key rotation, on an unknown key id) and synchronously, which Marten 9 no longer offers: hence
/// plain Npgsql on Marten's connection.
/// </summary>
public sealed class PostgresXmlRepository(IDocumentStore store, TimeProvider clock) : IXmlRepository
{
    private string Table => $"{store.Options.DatabaseSchemaName}.data_protection_keys";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand($"select xml from {Table} order by stored_at, id", connection);
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = Open();
        // Insert, never overwrite: a key, once issued, must stay readable by every process.
        using var command = new NpgsqlCommand($"insert into {Table} (id, xml, stored_at) values ($1, $2, $3)", connection)
        {
            Parameters =
            {
                new() { Value = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName },
                new() { Value = element.ToString(SaveOptions.DisableFormatting) },
                new() { Value = clock.GetUtcNow() },
            },
        };
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        connection.Open();
        using var create = new NpgsqlCommand(
            $"create schema if not exists {store.Options.DatabaseSchemaName}; " +
            $"create table if not exists {Table} (id text primary key, xml text not null, stored_at timestamptz not null)",
            connection);
        try
        {
            create.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            // Another process created it at the same moment.
        }

        return connection;
    }
}
