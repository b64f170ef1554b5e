using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<RoutingStrategy>))]
public enum RoutingStrategy
{
    [JsonStringEnumMemberName("ordered")] Ordered,
    [JsonStringEnumMemberName("health-ranked")] HealthRanked,
    [JsonStringEnumMemberName("weighted")] Weighted,
    [JsonStringEnumMemberName("fastest")] Fastest,
    [JsonStringEnumMemberName("cheapest")] Cheapest,
    [JsonStringEnumMemberName("hedged")] Hedged,
}
