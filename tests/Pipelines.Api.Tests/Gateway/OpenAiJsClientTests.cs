using System.Text.Json;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Gateway;

/// <summary>
/// The official JavaScript client (<c>openai</c> from npm), run by node against the real service binary over HTTP with
/// only its base URL changed: tool calls whole and streamed, embeddings in its default base64 encoding, and the model list.
/// </summary>
public sealed class OpenAiJsClientTests : IAsyncLifetime
{
    private const string OpenAiPackage = "openai@7.55.0";

    private const string Script = """
        import OpenAI from "openai";
        const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: process.env.API_KEY });
        const tools = [{ type: "function", function: { name: "lookup", description: "Looks a word up",
            parameters: { type: "object", properties: { input: { type: "string" } }, required: ["input"] } } }];
        const whole = await client.chat.completions.create({ model: "chat-ha", messages: [{ role: "user", content: "define node" }], tools });
        const stream = await client.chat.completions.create({ model: "chat-ha", messages: [{ role: "user", content: "stream node" }], tools, stream: true });
        const streamed = { name: "", arguments: "", finish: null };
        for await (const chunk of stream) {
            for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
                streamed.name += call.function?.name ?? "";
                streamed.arguments += call.function?.arguments ?? "";
            }
            streamed.finish = chunk.choices[0]?.finish_reason ?? streamed.finish;
        }
        const embedding = await client.embeddings.create({ model: "embed-local", input: "the cat sat" });
        const floats = await client.embeddings.create({ model: "embed-local", input: "the cat sat", encoding_format: "float" });
        const models = [];
        for await (const model of client.models.list()) models.push(model.id);
        console.log(JSON.stringify({
            whole: { call: whole.choices[0].message.tool_calls[0], finish: whole.choices[0].finish_reason, model: whole.model },
            streamed,
            embedding: embedding.data[0].embedding,
            floats: floats.data[0].embedding,
            models,
        }));
        """;

    private readonly string _adminKey = "pk_js_" + Guid.NewGuid().ToString("N");
    private SandboxServer _sandbox = null!;
    private ServiceProcess _service = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _sandbox = await SandboxServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = _connectionString,
            ["Pipelines__AdminKey"] = _adminKey,
            ["Pipelines__Bus__Transport"] = "InMemory",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Pipelines__Gateway__Routes__chat-ha__Providers__0"] = "gw-primary",
            ["Pipelines__Gateway__Routes__embed-local__Providers__0"] = "local-minilm",
            ["Pipelines__Providers__OpenAI__Providers__gw-primary__Endpoint"] = _sandbox.OpenAiEndpoint.ToString(),
            ["Pipelines__Providers__OpenAI__Providers__gw-primary__Model"] = "gw-primary",
        };
        _service = await ServiceProcess.StartAsync("all", environment);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _sandbox.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task OfficialJsClient_ToolCallsEmbeddingsAndModels_WorkThroughTheGateway()
    {
        // Arrange
        var folder = await NodePackages.InstallAsync(OpenAiPackage);
        var environment = new Dictionary<string, string> { ["BASE_URL"] = new Uri(_service.Address, "/v1").ToString(), ["API_KEY"] = _adminKey };

        // Act
        var (code, output) = await NodePackages.NodeAsync(folder, Script, environment, TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(code == 0, output);
        var result = JsonDocument.Parse(output).RootElement;
        var whole = result.GetProperty("whole");
        Assert.Equal("tool_calls", whole.GetProperty("finish").GetString());
        Assert.Equal("lookup", whole.GetProperty("call").GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("gw-primary", whole.GetProperty("model").GetString());
        var streamed = result.GetProperty("streamed");
        Assert.Equal("lookup", streamed.GetProperty("name").GetString());
        Assert.Equal("stream node", JsonDocument.Parse(streamed.GetProperty("arguments").GetString()!).RootElement.GetProperty("input").GetString());
        Assert.Equal("tool_calls", streamed.GetProperty("finish").GetString());
        var base64 = result.GetProperty("embedding").EnumerateArray().Select(x => x.GetSingle()).ToArray();
        var floats = result.GetProperty("floats").EnumerateArray().Select(x => x.GetSingle()).ToArray();
        Assert.Equal(384, base64.Length);
        Assert.Equal(floats, base64);
        Assert.Equal(["chat-ha", "embed-local"], result.GetProperty("models").EnumerateArray().Select(m => m.GetString()).Order());
    }
}
