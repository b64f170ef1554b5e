using Pipelines.Core.Definitions;
using Pipelines.Core.Templates;

namespace Pipelines.Core.Tests.Templates;

public sealed class TemplateParseTests
{
    [Theory]
    [InlineData("{{ inputs.x ", "Expected '}}'")]
    [InlineData("{{ }}", "Empty expression")]
    [InlineData("{{ a = b }}", "use == to compare")]
    [InlineData("{{ a == b == c }}", "cannot be chained")]
    [InlineData("{{ a | shout }}", "Unknown filter 'shout'")]
    [InlineData("{{ a | default }}", "takes 1..1 arguments")]
    [InlineData("{{ 'open }}", "Unterminated string")]
    [InlineData("{{ 'bad \\q' }}", "Unknown escape")]
    [InlineData("{{ a b }}", "Expected '}}'")]
    [InlineData("{{ a. }}", "Expected a name after '.'")]
    [InlineData("{{ a[0 }}", "Expected ']'")]
    [InlineData("{{ (a }}", "Expected ')'")]
    [InlineData("{{ a.GetType() }}", "Expected '}}'")]
    [InlineData("{{ 99999999999999999999999999999999 }}", "out of range")]
    public void TryParse_Malformed_FailsWithMessage(string source, string expected)
    {
        // Arrange
        // Act
        var parsed = Template.TryParse(source, out _, out var error);

        // Assert
        Assert.False(parsed);
        Assert.Contains(expected, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeepNesting_FailsInsteadOfOverflowing()
    {
        // Arrange
        var source = "{{ " + new string('(', 5000) + "a" + new string(')', 5000) + " }}";

        // Act
        var parsed = Template.TryParse(source, out _, out var error);

        // Assert
        Assert.False(parsed);
        Assert.Contains("nested deeper", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_VeryLongExpression_FailsInsteadOfOverflowing()
    {
        // Arrange
        var source = "{{ a" + string.Concat(Enumerable.Repeat(" && a", 2000)) + " }}";

        // Act
        var parsed = Template.TryParse(source, out _, out var error);

        // Assert
        Assert.False(parsed);
        Assert.Contains("too long", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LongerThanLimit_Fails()
    {
        // Arrange
        var source = new string('x', DefinitionLimits.MaxTemplateLength + 1);

        // Act
        var parsed = Template.TryParse(source, out _, out _);

        // Assert
        Assert.False(parsed);
    }

    [Fact]
    public void Parse_Malformed_ThrowsWithPosition()
    {
        // Arrange
        // Act
        var exception = Assert.Throws<TemplateException>(() => Template.Parse("abc {{ x | nope }}"));

        // Assert
        Assert.Equal(11, exception.Position);
    }

    [Fact]
    public void References_ListEveryPathUpToTheFirstComputedIndex()
    {
        // Arrange
        const string source = "{{ steps.a.output.items[0].text }} {{ inputs['my-key'] | default: steps.b.output.text }} {{ item[index].x }}";

        // Act
        var template = Template.Parse(source);

        // Assert
        Assert.Equal(
            ["steps.a.output.items", "inputs.my-key", "steps.b.output.text", "item", "index"],
            template.References.Select(r => r.ToString()));
    }

    [Theory]
    [InlineData("plain text", false, false)]
    [InlineData("{{ a }}", true, true)]
    [InlineData("  {{ a == 1 }}  ", true, true)]
    [InlineData("{{ a }}{{ b }}", false, false)]
    [InlineData("x {{ a }}", false, false)]
    [InlineData("{{ 'text' }}", true, false)]
    [InlineData("{{ 3 }}", true, false)]
    [InlineData("{{ null }}", true, false)]
    [InlineData("{{ a | upper }}", true, false)]
    [InlineData("{{ a | length }}", true, false)]
    [InlineData("{{ a | default: b }}", true, true)]
    [InlineData("{{ !a }}", true, true)]
    [InlineData("{{ true }}", true, true)]
    public void Shape_SingleExpressionAndCondition_AreRecognised(string source, bool single, bool condition)
    {
        // Arrange
        // Act
        var template = Template.Parse(source);

        // Assert
        Assert.Equal((single, condition), (template.IsSingleExpression, template.IsCondition));
    }

    [Theory]
    [InlineData("a == 'x'")]
    [InlineData("steps.a.output.score >= 0.5 && !inputs.flag")]
    [InlineData("{{ a || b }}")]
    public void TryParseCondition_BareOrBraced_IsCondition(string source)
    {
        // Arrange
        // Act
        var parsed = Template.TryParseCondition(source, out var template, out _);

        // Assert
        Assert.True(parsed);
        Assert.True(template!.IsCondition);
    }

    [Fact]
    public void TryParseCondition_TrailingTokens_Fails()
    {
        // Arrange
        // Act
        var parsed = Template.TryParseCondition("a == 'x' b", out _, out var error);

        // Assert
        Assert.False(parsed);
        Assert.Equal(9, error!.Position);
    }
}
