using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

/// <summary>
/// When a streamed answer is committed to the caller: at its first token (<c>stream</c>, the default: lowest time to
/// first byte, a later break is rescued by continuation), or only once it is whole (<c>buffer</c>: nothing is sent
/// until the answer is complete, so any break is retried or swapped like before a commit, at the cost of the whole
/// answer's time before the first byte).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamCommit>))]
public enum StreamCommit
{
    [JsonStringEnumMemberName("stream")] Stream,
    [JsonStringEnumMemberName("buffer")] Buffer,
}
