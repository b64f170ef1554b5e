using Microsoft.Playwright;
using Pipelines.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace Pipelines.Designer.Tests;

/// <summary>
/// The whole story in one browser session: build a three-step pipeline by dragging and connecting, see a
/// validation error on a node and fix it, save, publish, run and watch every node turn green, then make the primary
/// provider fail in the sandbox and see the swap on the node.
/// </summary>
[Collection(DesignerCollection.Name)]
public sealed class DesignerFlowTests(DesignerFixture fixture)
{
    private static readonly string[] Steps = ["research", "summarize", "headline"];

    [Fact]
    public async Task Build_fix_save_publish_run_and_see_a_swap()
    {
        SetDefaultExpectTimeout(20_000);
        var page = await fixture.NewSignedInPageAsync("#/new");
        await Expect(page.GetByTestId("pipeline-properties")).ToBeVisibleAsync();
        await page.GetByTestId("prop-pipeline-id").FillAsync("designer-demo");
        await page.GetByTestId("prop-pipeline-title").FillAsync("Designer demo");
        await page.GetByTestId("new-input-name").FillAsync("topic");
        await page.GetByTestId("add-input").ClickAsync();

        // Three chat steps, dragged from the palette and renamed.
        for (var i = 0; i < Steps.Length; i++)
        {
            await page.GetByTestId("palette-chat").DragToAsync(
                page.GetByTestId("canvas"), new LocatorDragToOptions { TargetPosition = new TargetPosition { X = 250, Y = 70 + (i * 170) } });
            var id = page.GetByTestId("prop-step-id");
            await id.FillAsync(Steps[i]);
            await id.PressAsync("Enter");
            await Expect(page.GetByTestId($"node-{Steps[i]}")).ToBeVisibleAsync();
        }

        // New capability steps have no providers yet: the server's validator says so on each node.
        await Expect(page.GetByTestId("node-error-research")).ToContainTextAsync("PIPE024");
        await DesignerFixture.ScreenshotAsync(page, "designer-three-steps");

        await ConnectAsync(page, "research", "summarize");
        await ConnectAsync(page, "summarize", "headline");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(2);

        // headline → research would close a cycle: refused while drawing, no edge added.
        await ConnectAsync(page, "headline", "research");
        await Expect(page.GetByTestId("message")).ToContainTextAsync("cycle");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(2);

        await EditStepAsync(page, "research", "Find facts about {{ inputs.topic }}");
        await EditStepAsync(page, "summarize", "Summarize: {{ steps.research.output.text }}");
        // A typo in the field name: the validator points at the field, the node shows it too.
        await EditStepAsync(page, "headline", "Headline for: {{ steps.summarize.output.txt }}");
        await Expect(page.GetByTestId("node-error-headline")).ToContainTextAsync("PIPE017");
        await Expect(page.GetByTestId("field-error-with-prompt")).ToContainTextAsync("PIPE017");
        await Expect(page.GetByTestId("node-error-research")).ToHaveCountAsync(0);
        await DesignerFixture.ScreenshotAsync(page, "designer-validation-error");

        await page.GetByTestId("prop-with-prompt").FillAsync("Headline for: {{ steps.summarize.output.text }}");
        await Expect(page.GetByTestId("node-error-headline")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("diagnostics-count")).ToContainTextAsync("valid");

        // Pipeline output, then save and publish.
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("new-output-name").FillAsync("headline");
        await page.GetByTestId("add-output").ClickAsync();
        await page.GetByTestId("output-headline").FillAsync("{{ steps.headline.output.text }}");
        await Expect(page.GetByTestId("yaml-editor")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("needs:\\s+- summarize"));

        await page.GetByTestId("save-button").ClickAsync();
        await Expect(page.GetByTestId("message")).ToContainTextAsync("Saved the draft of designer-demo");
        await page.GetByTestId("publish-button").ClickAsync();
        await Expect(page.GetByTestId("message")).ToContainTextAsync("version 1");
        await DesignerFixture.ScreenshotAsync(page, "designer-published");

        // Run: the form comes from the pipeline's inputs; every node turns green from the event stream.
        await page.GetByTestId("tab-run").ClickAsync();
        await page.GetByTestId("run-input-topic").FillAsync("solar power");
        await page.GetByTestId("start-run").ClickAsync();
        foreach (var step in Steps)
        {
            await Expect(page.GetByTestId($"node-{step}")).ToHaveAttributeAsync("data-status", "succeeded");
        }

        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded");
        await Expect(page.GetByTestId("run-outputs")).ToContainTextAsync("Headline for");
        await Expect(page.GetByTestId("timeline-headline")).ToBeVisibleAsync();
        await DesignerFixture.ScreenshotAsync(page, "designer-run-succeeded");

        // The primary provider fails: the step moves to the backup, and the node says so.
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Model: DesignerFixture.PrimaryModel, Status: 503));
        try
        {
            await page.GetByTestId("start-run").ClickAsync();
            await Expect(page.GetByTestId("node-swap-research").First).ToContainTextAsync("sandbox-primary → sandbox-backup");
            foreach (var step in Steps)
            {
                await Expect(page.GetByTestId($"node-{step}")).ToHaveAttributeAsync("data-status", "succeeded");
            }

            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded");
            await Expect(page.GetByTestId("run-outputs")).ToContainTextAsync("[backup]");
            await DesignerFixture.ScreenshotAsync(page, "designer-run-swap");
        }
        finally
        {
            await fixture.Sandbox.ClearFaultsAsync();
        }

        await page.Context.CloseAsync();
    }

    /// <summary>Drags from one node's output handle to another's input handle (the second then needs the first).</summary>
    private static async Task ConnectAsync(IPage page, string from, string to)
    {
        var source = await page.GetByTestId($"handle-out-{from}").BoundingBoxAsync() ?? throw new InvalidOperationException($"no handle on {from}");
        var target = await page.GetByTestId($"handle-in-{to}").BoundingBoxAsync() ?? throw new InvalidOperationException($"no handle on {to}");
        await page.Mouse.MoveAsync(source.X + (source.Width / 2), source.Y + (source.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(target.X + (target.Width / 2), target.Y + (target.Height / 2), new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Selects a step, picks both sandbox providers (primary first) and writes its prompt.</summary>
    private static async Task EditStepAsync(IPage page, string step, string prompt)
    {
        await page.GetByTestId($"node-{step}").Locator(".step-id").ClickAsync();
        await Expect(page.GetByTestId("prop-step-id")).ToHaveValueAsync(step);
        await page.GetByTestId("prop-provider-sandbox-primary").CheckAsync();
        await page.GetByTestId("prop-provider-sandbox-backup").CheckAsync();
        await page.GetByTestId("prop-with-prompt").FillAsync(prompt);
    }
}
