using System.Net.Http.Headers;
using System.Text;

namespace Pipelines.Testing;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostYamlAsync(this HttpClient client, string path, string yaml) =>
        client.PostAsync(path, Yaml(yaml));

    public static Task<HttpResponseMessage> PutYamlAsync(this HttpClient client, string path, string yaml, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Yaml(yaml) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml"));

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();
}
