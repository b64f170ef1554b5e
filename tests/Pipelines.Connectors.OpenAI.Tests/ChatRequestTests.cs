using System.Text.Json.Nodes;
using Pipelines.Testing;
using static Pipelines.Connectors.OpenAI.Tests.SandboxProviders;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>
/// The typed chat contract reaches the provider whole: the sandbox records the exact body, and answers tool calls
/// (whole and streamed as deltas) that come back as the contract's tool calls.
/// </summary>
public sealed class ChatRequestTests : IAsyncLifetime
{
    private const string Conversation = """
        {
          "system": "Be brief.",
          "messages": [
            { "role": "user", "content": [
              { "type": "text", "text": "What is this?" },
              { "type": "image", "url": "https://example.com/cat.png" } ] },
            { "role": "assistant", "content": "", "toolCalls": [ { "id": "call_1", "name": "lookup", "arguments": { "input": "cat" } } ] },
            { "role": "tool", "content": "a small cat", "toolCallId": "call_1" }
          ],
          "tools": [ { "name": "lookup", "description": "Looks up.", "parameters": { "type": "object", "properties": { "input": { "type": "string" } } } } ],
          "toolChoice": "auto",
          "responseFormat": { "jsonSchema": { "type": "object", "properties": { "animal": { "type": "string" } } }, "name": "animal", "strict": true },
          "temperature": 0.5,
          "topP": 0.9,
          "maxTokens": 50,
          "stop": ["END"],
          "seed": 42,
          "n": 2,
          "extensions": { "user": "u-1", "metadata": { "team": "a" } }
        }
        """;

    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Chat_EveryContractField_ReachesTheProviderInOpenAisShape()
    {
        // Arrange
        var provider = Provider(_sandbox.OpenAiEndpoint);

        // Act
        var response = await provider.InvokeAsync(Capabilities.Chat, JsonNode.Parse(Conversation)!.AsObject(), CancellationToken.None);

        // Assert
        var body = JsonNode.Parse(Assert.Single(await _sandbox.CallsAsync()).Body!)!;
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("https://example.com/cat.png", messages[1]!["content"]![1]!["image_url"]!["url"]!.GetValue<string>());
        var call = messages[2]!["tool_calls"]![0]!;
        Assert.Equal(("call_1", "lookup"), (call["id"]!.GetValue<string>(), call["function"]!["name"]!.GetValue<string>()));
        Assert.Equal("cat", JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!["input"]!.GetValue<string>());
        Assert.Equal("call_1", messages[3]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("lookup", body["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("auto", body["tool_choice"]!.GetValue<string>());
        Assert.Equal("json_schema", body["response_format"]!["type"]!.GetValue<string>());
        Assert.True(body["response_format"]!["json_schema"]!["strict"]!.GetValue<bool>());
        Assert.Equal(["END"], body["stop"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal((0.9, 42, 2), (body["top_p"]!.GetValue<double>(), body["seed"]!.GetValue<int>(), body["n"]!.GetValue<int>()));
        Assert.Equal("u-1", body["user"]!.GetValue<string>());
        Assert.Equal("a", body["metadata"]!["team"]!.GetValue<string>());
        Assert.Equal("[m] tool said: a small cat", ChatJson.ReadResult(response.Output).Text);
    }

    [Fact]
    public async Task Chat_RequestWithTools_AnswerIsAToolCallWithParsedArguments()
    {
        // Arrange
        var provider = Provider(_sandbox.OpenAiEndpoint);
        var input = new JsonObject
        {
            ["prompt"] = "Oslo",
            ["tools"] = new JsonArray(new JsonObject { ["name"] = "weather" }, new JsonObject { ["name"] = "time" }),
            ["toolChoice"] = new JsonObject { ["name"] = "time" },
        };

        // Act
        var result = ChatJson.ReadResult((await provider.InvokeAsync(Capabilities.Chat, input, CancellationToken.None)).Output);

        // Assert
        Assert.Equal("tool_calls", result.FinishReason);
        var call = Assert.Single(result.ToolCalls!);
        Assert.Equal(("time", "Oslo"), (call.Name, call.Arguments["input"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stream_RequestWithTools_ToolCallAssembledFromTheStream()
    {
        // Arrange
        var provider = Provider(_sandbox.OpenAiEndpoint);
        var input = new JsonObject
        {
            ["prompt"] = "Bergen",
            ["tools"] = new JsonArray(new JsonObject { ["name"] = "weather" }),
            ["toolChoice"] = new JsonObject { ["name"] = "weather" },
        };
        var assembler = new ChatStreamAssembler();
        ChatResult? whole = null;

        // Act
        await foreach (var chunk in provider.StreamAsync(Capabilities.Chat, input, CancellationToken.None))
        {
            whole = assembler.Add(chunk, "sandbox") ?? whole;
        }

        // Assert
        Assert.Equal("tool_calls", whole!.FinishReason);
        var call = Assert.Single(whole.ToolCalls!);
        Assert.Equal(("weather", "Bergen"), (call.Name, call.Arguments["input"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(call.Id));
    }
}
