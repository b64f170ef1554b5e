using CsCheck;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Definitions;

/// <summary>Randomly damaged definitions sent to the real endpoints: every answer is a 2xx or a 4xx problem, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class DefinitionFuzzTests(ApiFixture api)
{
    private static readonly string[] Seeds =
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "pipelines"), "*.yaml").Select(File.ReadAllText)];

    private static readonly string[] Paths = ["/api/v1/pipelines/validate", "/api/v1/pipelines"];

    private static readonly string[] Fragments = ["", ":", "- ", "{{", "}}", "{{ steps.", "needs: [x]", "\t", "\"", "[", "]", "&a", "*a", "!!binary", "\n  - ", "é€"];

    [Fact]
    public async Task PostDamagedDefinitions_NeverAnswers500()
    {
        // Arrange
        var client = api.Admin();
        var edits = Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 1_000_000], Gen.Int[0, 300], Gen.Int[0, Fragments.Length - 1], Gen.Int[0, 2]);

        // Act
        // Assert
        await edits.SampleAsync(
            async sample =>
            {
                var (seed, at, length, fragment, kind) = sample;
                var text = Damage(Seeds[seed], at, length, Fragments[fragment], kind);
                foreach (var path in Paths)
                {
                    var response = await client.PostYamlAsync(path, text);
                    Assert.True(
                        (int)response.StatusCode < 500,
                        $"{path} answered {(int)response.StatusCode} for:\n{text}\n{await response.Content.ReadAsStringAsync()}");
                    if (!response.IsSuccessStatusCode)
                    {
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    }
                }
            },
            iter: 150);
    }

    /// <summary>Deletes, replaces or inserts text at a random place.</summary>
    private static string Damage(string text, int at, int length, string fragment, int kind)
    {
        var start = at % (text.Length + 1);
        var count = Math.Min(length, text.Length - start);
        return kind switch
        {
            0 => text.Remove(start, count),
            1 => text.Remove(start, count).Insert(start, fragment),
            _ => text.Insert(start, fragment),
        };
    }
}
