using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Core.Tests.Contract;

/// <summary>The chat contract's JSON both ways: a step's <c>with</c> to <see cref="ChatRequest"/> and the output back.</summary>
public sealed class ChatJsonTests
{
    private const string FullRequest = """
        {
          "messages": [
            { "role": "system", "content": "Be brief." },
            { "role": "user", "content": [
              { "type": "text", "text": "What is in this picture?" },
              { "type": "image", "url": "https://example.com/cat.png" },
              { "type": "image", "data": "iVBORw0KGgo=", "mediaType": "image/png" } ] },
            { "role": "assistant", "content": "", "toolCalls": [ { "id": "call_1", "name": "lookup", "arguments": { "q": "cat" } } ] },
            { "role": "tool", "content": "a cat", "toolCallId": "call_1" }
          ],
          "tools": [ { "name": "lookup", "description": "Looks things up.", "parameters": { "type": "object", "properties": { "q": { "type": "string" } } } } ],
          "toolChoice": { "name": "lookup" },
          "responseFormat": { "jsonSchema": { "type": "object", "required": ["animal"] }, "name": "animal", "strict": true },
          "temperature": 0.2,
          "topP": 0.9,
          "maxTokens": 64,
          "stop": ["END"],
          "seed": 7,
          "n": 2,
          "extensions": { "logprobs": true, "metadata": { "team": "a" } }
        }
        """;

    [Fact]
    public void ReadThenWrite_EveryModelledField_RoundTripsUnchanged()
    {
        // Arrange
        var input = JsonNode.Parse(FullRequest)!.AsObject();

        // Act
        var request = ChatJson.ReadRequest(input);
        var written = ChatJson.Write(request);

        // Assert
        Assert.True(JsonNode.DeepEquals(input, written), written.ToJsonString());
        Assert.Equal(ChatRole.Tool, request.Messages[3].Role);
        Assert.Equal("call_1", request.Messages[3].ToolCallId);
        Assert.IsType<ImagePart>(request.Messages[1].Parts[1]);
        Assert.Equal(ChatToolMode.Named, request.ToolChoice!.Mode);
        Assert.Equal(ChatResponseKind.JsonSchema, request.ResponseFormat!.Kind);
        Assert.True(request.ResponseFormat.Strict);
        Assert.True(request.Extensions!["logprobs"]!.GetValue<bool>());
    }

    [Fact]
    public void ReadRequest_SystemPromptAndJsonFlag_BecomeMessagesAndJsonObjectFormat()
    {
        // Arrange
        var input = new JsonObject { ["system"] = "sys", ["prompt"] = "hi", ["json"] = true, ["maxTokens"] = 5 };

        // Act
        var request = ChatJson.ReadRequest(input);

        // Assert
        Assert.Equal([ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("hi", request.Messages[1].TextContent);
        Assert.Equal(ChatResponseKind.JsonObject, request.ResponseFormat!.Kind);
        Assert.Equal(5, request.MaxTokens);
    }

    [Theory]
    [InlineData("""{ "prompt": "x", "toolChoice": { "name": "missing" }, "tools": [ { "name": "a" } ] }""", "'toolChoice' names 'missing'")]
    [InlineData("""{ "messages": [ { "role": "tool", "content": "r" } ] }""", "toolCallId")]
    [InlineData("""{ "messages": [ { "role": "robot", "content": "r" } ] }""", "'messages[0].role'")]
    [InlineData("""{ "messages": [ { "role": "user", "content": [ { "type": "image" } ] } ] }""", "an image part needs")]
    [InlineData("""{ "prompt": "x", "responseFormat": "yaml" }""", "'responseFormat'")]
    [InlineData("""{ "prompt": "x", "maxTokens": 1.5 }""", "'maxTokens' must be an integer")]
    [InlineData("""{ }""", "needs a prompt or messages")]
    public void ReadRequest_MalformedInput_InvalidRequestNamingTheField(string json, string expected)
    {
        // Arrange
        var input = JsonNode.Parse(json)!.AsObject();

        // Act
        var failure = Assert.Throws<ConnectorException>(() => ChatJson.ReadRequest(input));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, failure.Outcome);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteResultThenRead_ToolCallsRefusalAndJson_RoundTrip()
    {
        // Arrange
        var result = new ChatResult(
            "{\"a\":1}", "tool_calls", new TokenUsage(3, 4),
            [new ToolCall("call_9", "lookup", new JsonObject { ["input"] = "x" })], "no", JsonNode.Parse("{\"a\":1}"));

        // Act
        var output = ChatJson.WriteResult(result, "p1");
        var back = ChatJson.ReadResult(output);

        // Assert
        Assert.Equal("p1", output["provider"]!.GetValue<string>());
        Assert.Equal("x", output["toolCalls"]![0]!["arguments"]!["input"]!.GetValue<string>());
        Assert.Equal(result.Text, back.Text);
        Assert.Equal(result.Usage, back.Usage);
        Assert.Equal("call_9", Assert.Single(back.ToolCalls!).Id);
        Assert.Equal("no", back.Refusal);
        Assert.True(JsonNode.DeepEquals(result.Json, back.Json));
    }

    [Fact]
    public void WriteResult_PlainAnswer_KeepsTheEarlierOutputShape()
    {
        // Arrange
        var result = new ChatResult("hello", "stop", new TokenUsage(1, 2));

        // Act
        var output = ChatJson.WriteResult(result, "p1");

        // Assert
        Assert.Equal(
            """{"text":"hello","finishReason":"stop","provider":"p1","usage":{"input":1,"output":2}}""",
            output.ToJsonString());
    }
}
