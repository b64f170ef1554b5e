using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Core.Tests.Contract;

public sealed class StructuredOutputTests
{
    private static readonly ChatRequest SchemaRequest = ChatJson.ReadRequest(JsonNode.Parse("""
        { "prompt": "x", "responseFormat": { "jsonSchema": {
          "type": "object", "required": ["sentiment"],
          "properties": { "sentiment": { "enum": ["positive", "negative"] } } } } }
        """)!.AsObject());

    [Fact]
    public void Apply_AnswerMatchingTheSchema_SetsParsedJson()
    {
        // Arrange
        var result = new ChatResult("""{"sentiment":"positive"}""", "stop");

        // Act
        var checkedResult = StructuredOutput.Apply(SchemaRequest, result, "p1");

        // Assert
        Assert.Equal("positive", checkedResult.Json!["sentiment"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"sentiment":"meh"}""", "breaks the response schema")]
    [InlineData("""{"mood":"positive"}""", "breaks the response schema")]
    [InlineData("Sure! Here is the JSON", "not valid JSON")]
    public void Apply_AnswerBreakingTheSchema_InvalidOutput(string answer, string expected)
    {
        // Arrange
        var result = new ChatResult(answer, "stop");

        // Act
        var failure = Assert.Throws<ConnectorException>(() => StructuredOutput.Apply(SchemaRequest, result, "p1"));

        // Assert
        Assert.Equal(OutcomeClass.InvalidOutput, failure.Outcome);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ToolCallAnswer_IsNotChecked()
    {
        // Arrange
        var result = new ChatResult("", "tool_calls", ToolCalls: [new ToolCall("c", "t", [])]);

        // Act
        var same = StructuredOutput.Apply(SchemaRequest, result, "p1");

        // Assert
        Assert.Null(same.Json);
    }

    [Theory]
    [InlineData("""{ "type": "object" }""", true)]
    [InlineData("""{ "type": "objekt" }""", false)]
    [InlineData("""{ "minLength": -1 }""", false)]
    public void SchemaProblem_Schemas_ValidOnesHaveNone(string schema, bool valid)
    {
        // Act
        var problem = StructuredOutput.SchemaProblem(JsonNode.Parse(schema));

        // Assert
        Assert.Equal(valid, problem is null);
    }

    [Fact]
    public void Assembler_ToolCallDeltas_JoinedByIndex()
    {
        // Arrange
        var assembler = new ChatStreamAssembler();

        // Act
        assembler.Add(new StreamChunk(null, ToolCalls: [new ToolCallDelta(0, "call_1", "lookup", "{\"inp")]), "p1");
        assembler.Add(new StreamChunk(null, ToolCalls: [new ToolCallDelta(0, ArgumentsDelta: "ut\":\"x\"}")]), "p1");
        var whole = assembler.Add(new StreamChunk(null, "tool_calls"), "p1");

        // Assert
        var call = Assert.Single(whole!.ToolCalls!);
        Assert.Equal(("call_1", "lookup", "x"), (call.Id, call.Name, call.Arguments["input"]!.GetValue<string>()));
    }
}
