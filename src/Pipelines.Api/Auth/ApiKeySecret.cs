using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Api.Auth;

public static class ApiKeySecret
{
    private const string Prefix = "pk_";

    public static string Generate() =>
        Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A short public handle derived from the hash, safe to show and log.</summary>
    public static string PublicId(string hash) => "key_" + hash[..12];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
