using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalTimeoutAction>))]
public enum ApprovalTimeoutAction
{
    [JsonStringEnumMemberName("approve")] Approve,
    [JsonStringEnumMemberName("reject")] Reject,
    [JsonStringEnumMemberName("fail")] Fail,
}
