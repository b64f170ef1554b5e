using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Encrypts provider secrets with ASP.NET Core Data Protection. The purpose includes the tenant and the provider id, so
/// ciphertext copied to another provider's row does not decrypt. The key ring lives in PostgreSQL
/// (<see cref="PostgresXmlRepository"/>), shared by every process of the service.
/// </summary>
public sealed class ProviderSecrets(IDataProtectionProvider protection)
{
    public const string Purpose = "Pipelines.Providers.Secrets.v1";

    public string Protect(string tenantId, string providerId, string secret) => For(tenantId, providerId).Protect(secret);

    /// <summary>The secret in clear; throws <see cref="SecretUnreadableException"/> (no payload in its message) when it cannot be decrypted.</summary>
    public string Unprotect(string tenantId, string providerId, string cipher)
    {
        try
        {
            return For(tenantId, providerId).Unprotect(cipher);
        }
        catch (CryptographicException)
        {
            throw new SecretUnreadableException(
                $"The stored secret of provider '{providerId}' cannot be decrypted (the key ring lacks its key); set the secret again.");
        }
    }

    private IDataProtector For(string tenantId, string providerId) => protection.CreateProtector(Purpose, tenantId, providerId);
}

/// <summary>A stored secret that the key ring cannot decrypt. Its message never holds the ciphertext or the secret.</summary>
public sealed class SecretUnreadableException(string message) : Exception(message);
