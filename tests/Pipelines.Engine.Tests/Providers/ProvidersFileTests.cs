using System.Text.Json.Nodes;
using Pipelines.Engine.Providers;

namespace Pipelines.Engine.Tests.Providers;

public sealed class ProvidersFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("providers-file-").FullName;

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["OPENAI_KEY"] = "sk-from-env",
        ["SANDBOX_PORT"] = "6123",
    };

    [Fact]
    public void Read_YamlWithVariablesAndApiKeyEnv_YieldsSpecsWithKeyFromEnvironment()
    {
        // Arrange
        var path = Write("providers.yaml", """
            providers:
              - id: openai-main
                connector: openai
                endpoint: "http://127.0.0.1:${SANDBOX_PORT}/v1"
                model: gpt-4o-mini
                apiKeyEnv: OPENAI_KEY
                tags: { residency: eu, demo: "true" }
                costs: { inputPer1kTokens: 0.15, outputPer1kTokens: 0.6 }
                contextWindow: 128000
                options: { timeoutSeconds: 30 }
              - id: local-extra
                connector: onnx
                model: "${MISSING_MODEL:-all-MiniLM-L6-v2}"
            """);

        // Act
        var (specs, errors) = ProvidersFile.Read(path, Environment.GetValueOrDefault);

        // Assert
        Assert.Empty(errors);
        var openai = specs[0];
        Assert.Equal(new Uri("http://127.0.0.1:6123/v1"), openai.Endpoint);
        Assert.Equal("sk-from-env", openai.ApiKey);
        Assert.Equal("eu", openai.Tags["residency"]);
        Assert.Equal(0.6m, openai.OutputCostPer1kTokens);
        Assert.Equal(128000, openai.ContextWindow);
        Assert.True(openai.Options["timeoutSeconds"] is JsonValue v && v.TryGetValue<int>(out var seconds) && seconds == 30);
        Assert.Equal("all-MiniLM-L6-v2", specs[1].Model);
    }

    [Fact]
    public void Read_LiteralKeyUnsetVariablesAndDuplicates_NamesEachProblemNeverAValue()
    {
        // Arrange
        var path = Write("providers.yaml", """
            providers:
              - id: a
                connector: openai
                model: m
                apiKey: sk-literal-secret
              - id: b
                connector: openai
                model: m
                apiKeyEnv: NOT_SET_ANYWHERE
              - id: c
                connector: openai
                model: m
                endpoint: "http://${NOT_SET_HOST}/v1"
              - id: d
                connector: openai
                model: m
              - id: d
                connector: openai
                model: m
              - id: Bad_Id
                connector: openai
            """);

        // Act
        var (specs, errors) = ProvidersFile.Read(path, Environment.GetValueOrDefault);

        // Assert
        Assert.Equal(["d"], specs.Select(s => s.Id));
        Assert.Contains(errors, e => e.Contains("providers[0].apiKey (not-allowed)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("providers[1].apiKeyEnv (unset)", StringComparison.Ordinal) && e.Contains("NOT_SET_ANYWHERE", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("providers[2].endpoint (unset)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("providers[4].id (unique)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("providers[5].id (pattern)", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("sk-literal-secret", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_JsonFileAndMissingFile_ReadsOneAndNamesTheOther()
    {
        // Arrange
        var path = Write("providers.json", """{ "providers": [ { "id": "j", "connector": "openai", "model": "m" } ] }""");

        // Act
        var (specs, errors) = ProvidersFile.Read(path, Environment.GetValueOrDefault);
        var (_, missing) = ProvidersFile.Read(Path.Combine(_folder, "nope.yaml"), Environment.GetValueOrDefault);

        // Assert
        Assert.Empty(errors);
        Assert.Equal("j", Assert.Single(specs).Id);
        Assert.Contains("does not exist", Assert.Single(missing), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"x","connector":"openai","capabilities":[]}""", "capabilities", "type")]
    [InlineData("""{"id":"x","connector":"openai","contextWindow":0}""", "contextWindow", "minimum")]
    [InlineData("""{"id":"x","connector":"openai","costs":{"perCall":1}}""", "costs.perCall", "unknown")]
    [InlineData("""{"id":"x","connector":"openai","apiKey":42}""", "apiKey", "type")]
    [InlineData("""{"id":"x"}""", "connector", "required")]
    [InlineData("""{"id":"x\n","connector":"openai"}""", "id", "pattern")]
    public void ReadBody_InvalidField_NamesFieldAndRule(string body, string field, string rule)
    {
        // Act
        var (spec, errors) = ProviderSpecReader.Read(JsonNode.Parse(body)!.AsObject());

        // Assert
        Assert.Null(spec);
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
    }

    [Fact]
    public void ReadBody_ApiKeyOmittedOrNull_AreToldApart()
    {
        // Act
        var (omitted, _) = ProviderSpecReader.Read(JsonNode.Parse("""{"connector":"openai"}""")!.AsObject(), urlId: "p");
        var (cleared, _) = ProviderSpecReader.Read(JsonNode.Parse("""{"connector":"openai","apiKey":null}""")!.AsObject(), urlId: "p");

        // Assert
        Assert.False(omitted!.ApiKeyGiven);
        Assert.True(cleared!.ApiKeyGiven);
        Assert.Null(cleared.ApiKey);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
