using System.Text.Json.Serialization;

namespace Pipelines.Routing.Health;

[JsonConverter(typeof(JsonStringEnumConverter<CircuitState>))]
public enum CircuitState
{
    [JsonStringEnumMemberName("closed")] Closed,
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("half_open")] HalfOpen,
}
