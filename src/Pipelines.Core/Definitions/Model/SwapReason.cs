using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

/// <summary>Outcome classes a policy may swap providers on. invalid_request is absent on purpose: it is our fault.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SwapReason>))]
public enum SwapReason
{
    [JsonStringEnumMemberName("unavailable")] Unavailable,
    [JsonStringEnumMemberName("timeout")] Timeout,
    [JsonStringEnumMemberName("rate_limited")] RateLimited,
    [JsonStringEnumMemberName("stalled")] Stalled,
    [JsonStringEnumMemberName("filtered")] Filtered,
    [JsonStringEnumMemberName("context_length")] ContextLength,
    [JsonStringEnumMemberName("invalid_output")] InvalidOutput,
}
