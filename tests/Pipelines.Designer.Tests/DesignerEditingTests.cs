using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Pipelines.Testing;
using static Microsoft.Playwright.Assertions;

namespace Pipelines.Designer.Tests;

/// <summary>Opening stored pipelines, the YAML view, conflicts and versions.</summary>
[Collection(DesignerCollection.Name)]
public sealed class DesignerEditingTests(DesignerFixture fixture)
{
    private static string Yaml(string id, string title) => $$$"""
        apiVersion: pipelines/v1
        kind: Pipeline
        id: {{{id}}}
        title: {{{title}}}
        inputs:
          text: { type: string }
        steps:
          clean:
            uses: transform
            with: { value: "{{ inputs.text }}" }
          left:
            needs: [clean]
            uses: transform
            with: { value: "{{ steps.clean.output.value }}" }
          right:
            needs: [clean]
            uses: transform
            with: { value: "{{ steps.clean.output.value | upper }}" }
          join:
            needs: [left, right]
            uses: transform
            with: { both: "{{ steps.left.output.value }} {{ steps.right.output.value }}" }
        """;

    [Fact]
    public async Task Opens_a_pipeline_without_layout_laid_out_and_the_yaml_view_redraws_the_canvas()
    {
        SetDefaultExpectTimeout(15_000);
        using var client = fixture.Client();
        (await client.PostYamlAsync("/api/v1/pipelines", Yaml("open-me", "Open me"))).EnsureSuccessStatusCode();

        var page = await fixture.NewSignedInPageAsync();
        await page.GetByTestId("pipeline-search").FillAsync("open-me");
        await page.GetByTestId("open-open-me").ClickAsync();
        foreach (var step in new[] { "clean", "left", "right", "join" })
        {
            await Expect(page.GetByTestId($"node-{step}")).ToBeVisibleAsync();
        }

        // Dagre: clean above left/right, which sit side by side, above join.
        var clean = await Box(page, "clean");
        var left = await Box(page, "left");
        var right = await Box(page, "right");
        var join = await Box(page, "join");
        Assert.True(clean.Y < left.Y && left.Y < join.Y, "ranks top to bottom");
        Assert.Equal(left.Y, right.Y, 1.0);
        Assert.True(Math.Abs(left.X - right.X) >= left.Width, "left and right do not overlap");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(4);
        await DesignerFixture.ScreenshotAsync(page, "designer-opened-auto-layout");

        // Typing in the YAML view adds a node and an edge.
        var editor = page.GetByTestId("yaml-editor");
        var text = await editor.InputValueAsync();
        await editor.FillAsync(text.Replace("steps:\n", "steps:\n  audit:\n    needs: [ join ]\n    uses: transform\n    with: { value: ok }\n", StringComparison.Ordinal));
        await Expect(page.GetByTestId("node-audit")).ToBeVisibleAsync();
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(5);

        // Text that does not parse is not applied; the canvas keeps the last good definition.
        await editor.FillAsync(text + "\n  broken: [");
        await Expect(page.GetByTestId("yaml-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("node-audit")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_stale_etag_is_shown_as_a_conflict_without_losing_edits_and_versions_diff_against_the_draft()
    {
        SetDefaultExpectTimeout(15_000);
        using var client = fixture.Client();
        var created = await client.PostYamlAsync("/api/v1/pipelines", Yaml("conflicted", "Original"));
        created.EnsureSuccessStatusCode();
        (await client.PostAsync("/api/v1/pipelines/conflicted/publish", null)).EnsureSuccessStatusCode();

        var page = await fixture.NewSignedInPageAsync("#/pipelines/conflicted");
        await Expect(page.GetByTestId("node-join")).ToBeVisibleAsync();
        await page.GetByTestId("prop-pipeline-title").FillAsync("Mine");

        // Someone else saves first.
        var current = await client.GetAsync("/api/v1/pipelines/conflicted");
        var etag = current.ETag();
        (await client.PutYamlAsync("/api/v1/pipelines/conflicted", Yaml("conflicted", "Theirs"), etag)).EnsureSuccessStatusCode();

        await page.GetByTestId("save-button").ClickAsync();
        await Expect(page.GetByTestId("conflict-banner")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("prop-pipeline-title")).ToHaveValueAsync("Mine");
        await DesignerFixture.ScreenshotAsync(page, "designer-conflict");

        await page.GetByTestId("conflict-overwrite").ClickAsync();
        await Expect(page.GetByTestId("message")).ToContainTextAsync("Saved the draft");
        var saved = await client.GetFromJsonAsync<JsonElement>("/api/v1/pipelines/conflicted");
        Assert.Equal("Mine", saved.GetProperty("title").GetString());

        // Versions: v1 against the draft shows the title change.
        await page.GetByTestId("tab-versions").ClickAsync();
        await Expect(page.GetByTestId("version-1")).ToBeVisibleAsync();
        await page.GetByTestId("diff-compare").ClickAsync();
        await Expect(page.GetByTestId("diff-result")).ToContainTextAsync("title");
        await Expect(page.GetByTestId("diff-result")).ToContainTextAsync("Mine");
        await page.Context.CloseAsync();
    }

    private static async Task<LocatorBoundingBoxResult> Box(IPage page, string step) =>
        await page.GetByTestId($"node-{step}").BoundingBoxAsync() ?? throw new InvalidOperationException($"node {step} has no box");
}
