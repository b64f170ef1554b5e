namespace Pipelines.Core.Definitions;

/// <summary>Builds RFC 6901 JSON pointers.</summary>
public static class JsonPointer
{
    public const string Root = "";

    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string pointer, int index) =>
        pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pointer of the parent value, or null for the root.</summary>
    public static string? Parent(string pointer)
    {
        if (pointer.Length == 0)
        {
            return null;
        }

        return pointer[..pointer.LastIndexOf('/')];
    }
}
