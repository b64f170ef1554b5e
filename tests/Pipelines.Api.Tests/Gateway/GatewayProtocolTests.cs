using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using Pipelines.Api.Tests.Support;
using Pipelines.Routing.Health;

namespace Pipelines.Api.Tests.Gateway;

/// <summary>
/// The gateway is faithful to OpenAI's protocol: what a client sends reaches an OpenAI-compatible provider unchanged
/// (only <c>model</c> rewritten), what the provider answers reaches the client unchanged, and providers that cannot
/// serve a request's features are refused rather than sent half of it. Route chat-ha = [gw-primary, gw-backup] on the
/// sandbox; chat-plain = [plain-chat], a provider without tools or vision; embed-local = [local-minilm].
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GatewayProtocolTests(ApiFixture api) : IAsyncLifetime
{
    private static readonly BinaryData LookupParameters = BinaryData.FromString(
        """{"type":"object","properties":{"input":{"type":"string"}},"required":["input"]}""");

    public async Task InitializeAsync()
    {
        var health = api.Factory.Services.GetRequiredService<HealthRegistry>();
        foreach (var provider in new[] { "gw-primary", "gw-backup" })
        {
            await api.Sandbox.ClearFaultsAsync(provider);
            health.Apply(new CircuitSignal(provider, CircuitState.Closed, null, 0, null));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DotNetClient_ToolCall_NotStreamed_ReachesUpstreamAndComesBack()
    {
        // Arrange
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("lookup", "Looks a word up", LookupParameters) },
            ToolChoice = ChatToolChoice.CreateFunctionChoice("lookup"),
        };

        // Act
        var completion = (await Client().GetChatClient("chat-ha").CompleteChatAsync([new UserChatMessage("define gateway")], options)).Value;

        // Assert
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("lookup", call.FunctionName);
        Assert.Equal("define gateway", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("input").GetString());
        Assert.Equal("gw-primary", completion.Model);
        var sent = await LastBodyAsync("gw-primary");
        Assert.Equal("lookup", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("string", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("input").GetProperty("type").GetString());
        Assert.Equal("lookup", sent.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task DotNetClient_ToolCall_Streamed_DeltasAssembleIntoTheCall()
    {
        // Arrange
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "Looks a word up", LookupParameters) } };
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;

        // Act
        await foreach (var update in Client().GetChatClient("chat-ha").CompleteChatStreamingAsync([new UserChatMessage("stream a call")], options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                if (part.ToolCallId is { } id)
                {
                    ids[part.Index] = id;
                }

                if (part.FunctionName is { } name)
                {
                    names[part.Index] = name;
                }

                (arguments.TryGetValue(part.Index, out var text) ? text : arguments[part.Index] = new StringBuilder())
                    .Append(part.FunctionArgumentsUpdate?.ToString());
            }

            finish = update.FinishReason ?? finish;
        }

        // Assert
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.StartsWith("call_", Assert.Single(ids).Value);
        Assert.Equal("lookup", names[0]);
        Assert.Equal("stream a call", JsonDocument.Parse(arguments[0].ToString()).RootElement.GetProperty("input").GetString());
    }

    [Fact]
    public async Task DotNetClient_ToolResult_AssistantCallsAndToolMessageReachUpstreamUnchanged()
    {
        // Arrange
        var call = ChatToolCall.CreateFunctionToolCall("call_abc", "lookup", BinaryData.FromString("""{"input":"x"}"""));
        ChatMessage[] messages = [new UserChatMessage("look x up"), new AssistantChatMessage([call]), new ToolChatMessage("call_abc", "x means ten")];
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "Looks a word up", LookupParameters) } };

        // Act
        var completion = (await Client().GetChatClient("chat-ha").CompleteChatAsync(messages, options)).Value;

        // Assert
        Assert.Equal("[gw-primary] tool said: x means ten", completion.Content[0].Text);
        var sent = (await LastBodyAsync("gw-primary")).GetProperty("messages");
        Assert.Equal("call_abc", sent[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("""{"input":"x"}""", sent[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("tool", sent[2].GetProperty("role").GetString());
        Assert.Equal("call_abc", sent[2].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public async Task RawBody_EveryFieldReachesUpstreamByteForByte_OnlyModelRewritten()
    {
        // Arrange: structured output, an image part, n, seed, stop, top_p, user, metadata and a field OpenAI may add tomorrow.
        const string Body = """
            {"model":"chat-ha","messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}}},
             "n":2,"seed":7,"stop":["END"],"top_p":0.5,"temperature":0.25,"user":"u-1","metadata":{"team":"x"},"x_future_field":{"keep":[1,2.50,"three"]}}
            """;

        // Act
        var response = await Bearer().PostAsync("/v1/chat/completions", new StringContent(Body, Encoding.UTF8, "application/json"));

        // Assert
        response.EnsureSuccessStatusCode();
        var calls = await api.Sandbox.CallsAsync("gw-primary");
        Assert.Equal(Body.Replace("\"model\":\"chat-ha\"", "\"model\":\"gw-primary\"", StringComparison.Ordinal), calls[^1].Body);
        Assert.Equal("chat-ha", response.Headers.GetValues("X-Pipelines-Route").Single());
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_UpstreamIsAskedForUsage_ClientGetsNoUsageChunk()
    {
        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = "chat-ha", stream = true, messages = new[] { new { role = "user", content = "two words" } } });
        var events = await EventsAsync(response);

        // Assert
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal(1, c.GetProperty("choices").GetArrayLength()));
        Assert.Equal("[gw-primary] two words", string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
        Assert.True((await LastBodyAsync("gw-primary")).GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_ClientGetsTheProvidersUsageChunk()
    {
        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "chat-ha", stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "count me" } },
        });
        var events = await EventsAsync(response);

        // Assert
        var last = JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(2, last.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Tools_OnARouteWhoseOnlyProviderLacksThem_400NamingTools()
    {
        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "chat-plain",
            messages = new[] { new { role = "user", content = "hi" } },
            tools = new[] { new { type = "function", function = new { name = "lookup", parameters = new { type = "object" } } } },
        });

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.StartsWith("tools:", detail);
        Assert.Contains("plain-chat lacks feature 'tools'", detail);
    }

    [Fact]
    public async Task Logprobs_RelayedToTheOpenAiProvider_RefusedForTheOneThatWouldDropThem()
    {
        // Arrange
        var body = new { messages = new[] { new { role = "user", content = "hi" } }, logprobs = true, top_logprobs = 2 };

        // Act
        var relayed = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = "chat-ha", body.messages, body.logprobs, body.top_logprobs });
        var translated = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = "chat-plain", body.messages, body.logprobs, body.top_logprobs });

        // Assert
        relayed.EnsureSuccessStatusCode();
        Assert.Equal(2, (await LastBodyAsync("gw-primary")).GetProperty("top_logprobs").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, translated.StatusCode);
        Assert.StartsWith("logprobs:", (await translated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PlainProvider_WithoutFeatures_IsTranslated_AndNamesItsModel()
    {
        // Act
        var completion = (await Client().GetChatClient("chat-plain").CompleteChatAsync([new UserChatMessage("hello")])).Value;

        // Assert
        Assert.Equal("plain: 1 messages", completion.Content[0].Text);
        Assert.Equal("plain-model", completion.Model);
        Assert.Equal(5, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Embeddings_Base64AndFloat_SameVectorOf384()
    {
        // Act
        var floats = await Bearer().PostAsJsonAsync("/v1/embeddings", new { model = "embed-local", input = "the cat sat", encoding_format = "float" });
        var base64 = await Bearer().PostAsJsonAsync("/v1/embeddings", new { model = "embed-local", input = "the cat sat", encoding_format = "base64" });

        // Assert
        var expected = (await floats.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(x => x.GetSingle()).ToArray();
        var encoded = (await base64.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0].GetProperty("embedding").GetString()!;
        var decoded = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(encoded)).ToArray();
        Assert.Equal(384, expected.Length);
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public async Task Embeddings_DimensionsTheModelCannotGive_400NamingDimensions()
    {
        // Act
        var shortened = await Bearer().PostAsJsonAsync("/v1/embeddings", new { model = "embed-local", input = "x", dimensions = 64 });
        var native = await Bearer().PostAsJsonAsync("/v1/embeddings", new { model = "embed-local", input = "x", dimensions = 384 });
        var unknown = await Bearer().PostAsJsonAsync("/v1/embeddings", new { model = "embed-local", input = "x", encoding_format = "int8" });

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, shortened.StatusCode);
        Assert.StartsWith("dimensions:", (await shortened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, native.StatusCode);
        Assert.StartsWith("encoding_format:", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Models_ListsTheRoutes_AndGetsOne()
    {
        // Act
        var models = await Client().GetOpenAIModelClient().GetModelsAsync();
        var one = await Bearer().GetAsync("/v1/models/chat-ha");
        var missing = await Bearer().GetAsync("/v1/models/nope");

        // Assert
        Assert.Contains(models.Value, m => m.Id == "chat-ha");
        Assert.Contains(models.Value, m => m.Id == "embed-local");
        Assert.Equal("chat-ha", (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private OpenAIClient Client() => new(new ApiKeyCredential(api.AdminKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(api.Factory.Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(api.Factory.CreateClient()),
    });

    private HttpClient Bearer()
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.AdminKey);
        return client;
    }

    private async Task<JsonElement> LastBodyAsync(string model) =>
        JsonDocument.Parse((await api.Sandbox.CallsAsync(model))[^1].Body!).RootElement;

    private static async Task<List<string>> EventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e[6..])];
    }
}
