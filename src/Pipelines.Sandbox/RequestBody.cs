using System.Text;

namespace Pipelines.Sandbox;

/// <summary>The request body as text, read once: endpoints parse it and the call log keeps it exactly as received.</summary>
public static class RequestBody
{
    public static async Task<string> ReadAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }
}
