using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Sandbox;
using Pipelines.Testing;
using Xunit.Abstractions;

namespace Pipelines.Reliability.Tests;

/// <summary>Two service processes on one database: a provider one of them finds down is avoided by the other at once.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CircuitSharingTests(ReliabilityFixture fixture, ITestOutputHelper output)
{
    private const string Primary = "shared-primary";
    private const string Backup = "shared-backup";

    [Fact]
    public async Task CircuitOpenedInOneProcess_IsOpenInTheOtherWithinTwoSeconds_WhichThenSendsNothingThere()
    {
        // Arrange
        var environment = new Dictionary<string, string>(fixture.ServiceEnvironment);
        foreach (var model in new[] { Primary, Backup })
        {
            environment[$"Pipelines__Providers__OpenAI__Providers__{model}__Endpoint"] = fixture.Sandbox.OpenAiEndpoint.ToString();
            environment[$"Pipelines__Providers__OpenAI__Providers__{model}__Model"] = model;
        }

        environment["Pipelines__Gateway__Routes__shared__Providers__0"] = Primary;
        environment["Pipelines__Gateway__Routes__shared__Providers__1"] = Backup;
        environment["Pipelines__Routing__BreakTime"] = "00:01:00";
        await using var first = await ServiceProcess.StartAsync("api", environment);
        await using var second = await ServiceProcess.StartAsync("api", environment);
        using var firstClient = fixture.Client(first);
        using var secondClient = fixture.Client(second);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Primary, Status: 503));

        // Act: five failures on the first process open its circuit
        for (var i = 0; i < 5; i++)
        {
            (await firstClient.PostAsJsonAsync("/v1/chat/completions", Chat())).EnsureSuccessStatusCode();
        }

        var watch = Stopwatch.StartNew();
        var stateOnSecond = "";
        while (watch.Elapsed < TimeSpan.FromSeconds(5) && stateOnSecond != "open")
        {
            var health = await secondClient.GetFromJsonAsync<JsonElement>($"/api/v1/providers/{Primary}/health");
            stateOnSecond = health.GetProperty("circuit").GetProperty("state").GetString()!;
            await Task.Delay(50);
        }

        var seenAfter = watch.Elapsed;
        output.WriteLine($"second process saw the circuit open {seenAfter.TotalMilliseconds:0} ms after the first process's fifth failure answered (50 ms polling)");
        var callsBefore = (await fixture.Sandbox.CallsAsync(Primary)).Count;
        for (var i = 0; i < 3; i++)
        {
            (await secondClient.PostAsJsonAsync("/v1/chat/completions", Chat())).EnsureSuccessStatusCode();
        }

        // Assert
        Assert.Equal("open", stateOnSecond);
        Assert.True(seenAfter < TimeSpan.FromSeconds(2), $"the second process saw the open circuit after {seenAfter}");
        Assert.Equal(5, callsBefore);
        Assert.Equal(callsBefore, (await fixture.Sandbox.CallsAsync(Primary)).Count);
    }

    private static object Chat() => new { model = "shared", messages = new[] { new { role = "user", content = "hello" } } };
}
