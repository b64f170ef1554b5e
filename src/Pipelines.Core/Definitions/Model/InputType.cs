using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<InputType>))]
public enum InputType
{
    [JsonStringEnumMemberName("string")] String,
    [JsonStringEnumMemberName("number")] Number,
    [JsonStringEnumMemberName("integer")] Integer,
    [JsonStringEnumMemberName("boolean")] Boolean,
    [JsonStringEnumMemberName("array")] Array,
    [JsonStringEnumMemberName("object")] Object,
}
