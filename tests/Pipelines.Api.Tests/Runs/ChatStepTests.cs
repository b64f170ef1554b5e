using System.Text.Json.Nodes;
using Pipelines.Api.Tests.Support;
using Pipelines.Sandbox;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Runs;

/// <summary>Chat steps with tools and schema-checked answers, run by the engine against the sandbox over HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatStepTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    [Fact]
    public async Task Run_ChatStepWithTools_OutputCarriesTheToolCall_AndTheRequestCarriedTheTools()
    {
        // Arrange
        var id = TestDefinitions.NewId("tools");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Tools
            steps:
              ask:
                uses: chat
                providers: [sandbox-primary]
                with:
                  prompt: "weather in Oslo {{{id}}}"
                  tools:
                    - name: weather
                      description: The weather in a city.
                      parameters: { type: object, properties: { input: { type: string } }, required: [input] }
                    - name: time
                      parameters: { type: object, properties: { input: { type: string } } }
                  toolChoice: { name: weather }
            outputs:
              tool: "{{ steps.ask.output.toolCalls[0].name }}"
              argument: "{{ steps.ask.output.toolCalls[0].arguments.input }}"
            """);
        await api.Sandbox.ClearCallsAsync();

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Succeeded", run.Status());
        var output = run.Step("ask").GetProperty("output");
        Assert.Equal("tool_calls", output.GetProperty("finishReason").GetString());
        var call = Assert.Single(output.GetProperty("toolCalls").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(call.GetProperty("id").GetString()));
        Assert.Equal("weather", run.GetProperty("outputs").GetProperty("tool").GetString());
        Assert.Equal($"weather in Oslo {id}", run.GetProperty("outputs").GetProperty("argument").GetString());
        var body = JsonNode.Parse(Assert.Single(await api.Sandbox.CallsAsync("primary")).Body!)!;
        Assert.Equal(["weather", "time"], body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()));
        Assert.Equal("weather", body["tool_choice"]!["function"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_FirstProviderBreaksTheResponseSchema_SwapsOnInvalidOutput_AndOutputsTheParsedJson()
    {
        // Arrange: the primary answers JSON without the required field; the policy swaps on invalid_output
        var id = TestDefinitions.NewId("schema");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Schema
            steps:
              judge:
                uses: chat
                providers: [sandbox-primary, sandbox-backup]
                policy: { swapOn: [invalid_output, unavailable] }
                with:
                  prompt: "judge {{{id}}}"
                  responseFormat:
                    jsonSchema:
                      type: object
                      required: [sentiment]
                      properties: { sentiment: { enum: [positive, negative] } }
            outputs:
              sentiment: "{{ steps.judge.output.json.sentiment }}"
            """);
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Reply, "primary", Content: """{"mood": "sunny"}""", Times: 1));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Reply, "backup", Content: """{"sentiment": "positive"}""", Times: 1));

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal("positive", run.GetProperty("outputs").GetProperty("sentiment").GetString());
        var calls = run.Step("judge").GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(["sandbox-primary", "sandbox-backup"], calls.Select(c => c.GetProperty("provider").GetString()));
        Assert.Equal(["InvalidOutput", "Ok"], calls.Select(c => c.GetProperty("outcome").GetString()));
        Assert.Contains("breaks the response schema", calls[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        var swap = Assert.Single(run.Step("judge").GetProperty("swaps").EnumerateArray());
        Assert.StartsWith("InvalidOutput", swap.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SchemaBrokenAndNotInSwapOn_FailsTheStepAsInvalidOutput()
    {
        // Arrange
        var id = TestDefinitions.NewId("schema-fail");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Schema fail
            steps:
              judge:
                uses: chat
                providers: [sandbox-primary, sandbox-backup]
                policy: { swapOn: [unavailable] }
                retries: 0
                with: { prompt: "judge {{{id}}}", responseFormat: { jsonSchema: { type: object, required: [sentiment] } } }
            """);
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Reply, "primary", Content: "not json at all", Times: 1));

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Failed", run.Status());
        Assert.Equal("InvalidOutput", run.Step("judge").GetProperty("outcome").GetString());
        var call = Assert.Single(run.Step("judge").GetProperty("calls").EnumerateArray());
        Assert.Contains("not valid JSON", call.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
