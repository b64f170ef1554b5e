using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class ProviderRuleTests
{
    private static readonly string Mismatched = TestYaml.Pipeline("""
          a: { uses: teleport, providers: [nobody] }
          f:
            uses: foreach
            items: "{{ inputs.text }}"
            step: { uses: chat, providers: [local-minilm] }
        """);

    [Fact]
    public void Validate_WithoutCatalog_SkipsProviderRules()
    {
        // Arrange
        var validator = new DefinitionValidator();

        // Act
        var result = validator.Validate(Mismatched, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsValid, TestYaml.Describe(result));
    }

    [Fact]
    public void Validate_WithCatalog_ReportsEveryMismatchIncludingInsideForeach()
    {
        // Arrange
        var validator = new DefinitionValidator(new ValidationOptions(TestCatalog.Registered));

        // Act
        var result = validator.Validate(Mismatched, DefinitionFormat.Yaml);

        // Assert
        Assert.Equal(
            [
                (DiagnosticCodes.UnknownCapability, "/steps/a/uses"),
                (DiagnosticCodes.UnknownProvider, "/steps/a/providers/0"),
                (DiagnosticCodes.ProviderLacksCapability, "/steps/f/step/providers/0"),
            ],
            result.Diagnostics.Select(d => (d.Code, d.Pointer)));
    }

    [Fact]
    public void Validate_ModelWithCatalog_ReportsWithoutPositions()
    {
        // Arrange
        var definition = new DefinitionValidator().Validate(Mismatched, DefinitionFormat.Yaml).Definition!;
        var validator = new DefinitionValidator(new ValidationOptions(TestCatalog.Registered));

        // Act
        var diagnostics = validator.Validate(definition);

        // Assert
        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Null(d.Line));
    }
}
