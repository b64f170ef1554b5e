using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class SyntaxTests
{
    private static readonly DefinitionValidator Validator = new();

    [Fact]
    public void Validate_MalformedYaml_IsSyntaxErrorWithPosition()
    {
        // Arrange
        const string yaml = "apiVersion: pipelines/v1\ntitle: \"unterminated\n";

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsSyntaxError);
        Assert.Null(result.Definition);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.Syntax, diagnostic.Code);
        Assert.Equal(2, diagnostic.Line);
        Assert.NotNull(diagnostic.Column);
    }

    [Fact]
    public void Validate_MalformedJson_IsSyntaxErrorWithPosition()
    {
        // Arrange
        const string json = "{\n  \"id\": \"x\",\n  \"steps\": { \"a\": [1,\n";

        // Act
        var result = Validator.Validate(json, DefinitionFormat.Json);

        // Assert
        Assert.True(result.IsSyntaxError);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.Syntax, 4), (diagnostic.Code, diagnostic.Line));
    }

    [Fact]
    public void Validate_SeveralYamlDocuments_IsSyntaxError()
    {
        // Arrange
        var yaml = TestYaml.Valid + "---\n" + TestYaml.Valid;

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsSyntaxError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("just a string")]
    [InlineData("[1, 2]")]
    public void Validate_YamlThatIsNotAMap_ReportsWrongTypeAtRoot(string yaml)
    {
        // Arrange
        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.WrongType, "", 1), (diagnostic.Code, diagnostic.Pointer, diagnostic.Line));
        Assert.False(result.IsSyntaxError);
    }

    [Fact]
    public void Validate_JsonWithSemanticErrors_ReportsLineAndColumn()
    {
        // Arrange
        const string json = """
            {
              "apiVersion": "pipelines/v1",
              "kind": "Pipeline",
              "id": "x",
              "title": "T",
              "steps": {
                "a": { "uses": "chat", "providers": ["openai-main"], "retries": 1.5 },
                "a": { "uses": "embed" }
              },
              "extra": true
            }
            """;

        // Act
        var result = Validator.Validate(json, DefinitionFormat.Json);

        // Assert
        Assert.False(result.IsSyntaxError);
        Assert.Equal(
            [(DiagnosticCodes.WrongType, "/steps/a/retries", 7, 69), (DiagnosticCodes.DuplicateKey, "/steps/a", 8, 5), (DiagnosticCodes.UnknownField, "/extra", 10, 3)],
            result.Diagnostics.Select(d => (d.Code, d.Pointer, d.Line ?? 0, d.Column ?? 0)));
    }

    [Fact]
    public void Validate_JsonOfValidDefinition_IsValid()
    {
        // Arrange
        var definition = TestYaml.Validate(TestYaml.Valid).Definition!;
        var json = DefinitionSerializer.ToJson(definition);

        // Act
        var result = Validator.Validate(json, DefinitionFormat.Json);

        // Assert
        Assert.True(result.IsValid, TestYaml.Describe(result));
    }

    [Fact]
    public void Validate_TextWithByteOrderMark_IsValid()
    {
        // Arrange
        var yaml = "\uFEFF" + TestYaml.Valid;

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsValid, TestYaml.Describe(result));
    }

    [Theory]
    [InlineData("yes", "yes")]
    [InlineData("on", "on")]
    [InlineData("'123'", "123")]
    [InlineData("\"true\"", "true")]
    public void Validate_YamlCoreSchemaStrings_StayStrings(string written, string expected)
    {
        // Arrange
        var yaml = TestYaml.Valid.Replace("title: Test", "title: " + written, StringComparison.Ordinal);

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsValid, TestYaml.Describe(result));
        Assert.Equal(expected, result.Definition!.Title);
    }

    [Fact]
    public void Validate_YamlScalarsInWith_KeepTheirTypes()
    {
        // Arrange
        var yaml = TestYaml.Pipeline("  t: { uses: transform, with: { i: 42, f: 1.50, h: 0x1F, b: true, n: null, s: '42', big: 123456789012345678901234567890 } }");

        // Act
        var with = Validator.Validate(yaml, DefinitionFormat.Yaml).Definition!.Steps["t"].With!;

        // Assert
        Assert.Equal("""{"i":42,"f":1.50,"h":31,"b":true,"n":null,"s":"42","big":123456789012345678901234567890}""", with.ToJsonString());
    }

    [Fact]
    public void Validate_UnknownAlias_IsSyntaxError()
    {
        // Arrange
        var yaml = TestYaml.Pipeline("  a: { uses: chat, providers: *nowhere }");

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsSyntaxError);
    }

    [Fact]
    public void Validate_ComplexMappingKey_ReportsWrongType()
    {
        // Arrange
        var yaml = TestYaml.Pipeline("  ? [a, b]\n  : { uses: chat }\n  c: { uses: chat, providers: [openai-main] }");

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.WrongType, diagnostic.Code);
        Assert.Equal(["c"], result.Definition!.Steps.Keys);
    }

    [Fact]
    public void Validate_AliasAsMappingKey_ReportsWrongTypeAndKeepsReading()
    {
        // Arrange
        var yaml = TestYaml.Pipeline("  a:\n    uses: &k chat\n    providers: [openai-main]\n  b:\n    *k : x\n    uses: chat\n    providers: [openai-main]");

        // Act
        var result = Validator.Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.WrongType, "/steps/b", TestYaml.FirstStepLine + 4), (diagnostic.Code, diagnostic.Pointer, diagnostic.Line));
        Assert.Equal(["a", "b"], result.Definition!.Steps.Keys);
    }

    [Fact]
    public void Validate_DeepJsonNesting_ReportsTooLarge()
    {
        // Arrange
        var json = "{\"with\": " + new string('[', 300) + new string(']', 300) + "}";

        // Act
        var result = Validator.Validate(json, DefinitionFormat.Json);

        // Assert
        Assert.Contains(result.Diagnostics, d => d.Code is DiagnosticCodes.TooLarge or DiagnosticCodes.Syntax);
    }
}
