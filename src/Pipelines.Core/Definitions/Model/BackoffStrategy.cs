using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<BackoffStrategy>))]
public enum BackoffStrategy
{
    [JsonStringEnumMemberName("fixed")] Fixed,
    [JsonStringEnumMemberName("exponential")] Exponential,
}
