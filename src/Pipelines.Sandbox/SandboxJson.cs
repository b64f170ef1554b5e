using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.Sandbox;

/// <summary>The JSON shape of the sandbox's admin API (camelCase, enums as names), for clients in tests and tools.</summary>
public static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
