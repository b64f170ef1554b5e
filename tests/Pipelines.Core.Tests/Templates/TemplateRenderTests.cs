using System.Text.Json.Nodes;
using Pipelines.Core.Templates;

namespace Pipelines.Core.Tests.Templates;

public sealed class TemplateRenderTests
{
    private static readonly JsonNode RunData = JsonNode.Parse("""
        {
          "inputs": { "name": "Ada", "count": 3, "ratio": 0.5, "flag": false, "tags": ["a", "b"], "empty": "", "none": null,
                      "text": "  Hello World  ", "nested": { "k": "v" }, "unicode": "café" },
          "steps": {
            "sentiment": { "output": { "label": "bullish", "score": 0.82, "scores": { "bullish": 0.82 } } },
            "docs": { "output": { "items": [ { "vector": [1, 2] }, { "vector": [3, 4] } ] } }
          },
          "item": { "body": "doc one" },
          "index": 1
        }
        """)!;

    [Theory]
    [InlineData("Hi {{ inputs.name }}!", "Hi Ada!")]
    [InlineData("{{ inputs.count }} x {{ inputs.ratio }}", "3 x 0.5")]
    [InlineData("{{ inputs.flag }}/{{ inputs.none }}/{{ inputs.missing }}", "false//")]
    [InlineData("{{ inputs.tags }}", "[\"a\",\"b\"]")]
    [InlineData("{{ inputs.unicode | json }}", "\"café\"")]
    [InlineData("{{ steps.sentiment.output.label | upper }}", "BULLISH")]
    [InlineData("{{ inputs.name | lower }}", "ada")]
    [InlineData("[{{ inputs.text | trim }}]", "[Hello World]")]
    [InlineData("{{ inputs.none | default: 'n/a' }} {{ inputs.empty | default: 'blank' }} {{ inputs.name | default: 'x' }}", "n/a blank Ada")]
    [InlineData("{{ inputs.tags | join: ', ' }}|{{ inputs.tags | join }}|{{ inputs.tags | join: '-' }}", "a, b|a, b|a-b")]
    [InlineData("{{ inputs.tags | length }} {{ inputs.name | length }} {{ inputs.none | length }}", "2 3 0")]
    [InlineData("{{ inputs.tags | first }}{{ inputs.tags | last }}", "ab")]
    [InlineData("{{ inputs.name | truncate: 2 }}", "Ad")]
    [InlineData("{{ steps.docs.output.items[1].vector[0] }}", "3")]
    [InlineData("{{ steps.docs.output.items[index].vector }}", "[3,4]")]
    [InlineData("{{ steps.sentiment.output.scores['bullish'] }}", "0.82")]
    [InlineData("{{ item.body }} #{{ index }}", "doc one #1")]
    [InlineData("{{ inputs.name.Length }}{{ inputs.tags.Count }}{{ inputs.nested.k }}", "v")]
    [InlineData("{{ '}}' }} and {{ \"a\\\"b\" }}", "}} and a\"b")]
    [InlineData("no expressions }} here", "no expressions }} here")]
    public void Render_Expression_ProducesText(string source, string expected)
    {
        // Arrange
        var template = Template.Parse(source);

        // Act
        var text = template.Render(RunData);

        // Assert
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("steps.sentiment.output.label == 'bullish'", true)]
    [InlineData("steps.sentiment.output.label != 'bullish'", false)]
    [InlineData("steps.sentiment.output.score > 0.8 && steps.sentiment.output.score <= 0.82", true)]
    [InlineData("inputs.count >= 3.0 && inputs.count < 4", true)]
    [InlineData("inputs.count == 3.0", true)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("inputs.name < 3", false)]
    [InlineData("inputs.flag || inputs.none", false)]
    [InlineData("!inputs.flag && !(inputs.empty)", true)]
    [InlineData("inputs.missing == null", true)]
    [InlineData("inputs.tags == inputs.tags", true)]
    [InlineData("inputs.tags", true)]
    [InlineData("inputs.empty", false)]
    [InlineData("inputs.ratio", true)]
    [InlineData("inputs.nested", true)]
    [InlineData("inputs.none", false)]
    [InlineData("{{ steps.sentiment.output.label != 'neutral' }}", true)]
    [InlineData("(inputs.tags | length) > 1", true)]
    [InlineData("(inputs.tags | length) > 2", false)]
    public void EvaluateBoolean_Condition_FollowsTruthinessAndComparisons(string condition, bool expected)
    {
        // Arrange
        Assert.True(Template.TryParseCondition(condition, out var template, out var error), error?.Message);

        // Act
        var value = template.EvaluateBoolean(RunData);

        // Assert
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Evaluate_SingleExpression_KeepsTheValueType()
    {
        // Arrange
        var list = Template.Parse("{{ inputs.tags }}");
        var number = Template.Parse(" {{ inputs.count }} ");
        var text = Template.Parse("n={{ inputs.count }}");

        // Act
        var listValue = list.Evaluate(RunData);
        var numberValue = number.Evaluate(RunData);
        var textValue = text.Evaluate(RunData);

        // Assert
        Assert.IsType<JsonArray>(listValue);
        Assert.Null(listValue!.Parent);
        Assert.Equal("3", numberValue!.ToJsonString());
        Assert.Equal("\"n=3\"", textValue!.ToJsonString());
    }

    [Fact]
    public void Render_NoRunData_RendersMissingValuesAsEmpty()
    {
        // Arrange
        var template = Template.Parse("[{{ inputs.x }}]");

        // Act
        var text = template.Render(null);

        // Assert
        Assert.Equal("[]", text);
    }

    [Fact]
    public void TemplateValues_Render_RendersNestedStringsAndKeepsTypes()
    {
        // Arrange
        var with = JsonNode.Parse("""
            { "queue": "{{ steps.sentiment.output.label }}", "tags": "{{ inputs.tags }}", "n": 5,
              "nested": [ "x={{ inputs.count }}", { "plain": "no template" } ] }
            """);

        // Act
        var rendered = TemplateValues.Render(with, RunData);

        // Assert
        Assert.Equal(
            """{"queue":"bullish","tags":["a","b"],"n":5,"nested":["x=3",{"plain":"no template"}]}""",
            rendered!.ToJsonString());
    }
}
