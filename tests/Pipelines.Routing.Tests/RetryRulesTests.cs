using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing.Tests;

public sealed class RetryRulesTests
{
    private static readonly EffectivePolicy Defaults = EffectivePolicy.Of(null, new RoutingOptions());

    [Theory]
    [InlineData(0, 100, 200)]
    [InlineData(1, 200, 400)]
    [InlineData(2, 400, 800)]
    [InlineData(3, 800, 1600)]
    public void Backoff_DoublesPerRetry_HalfOfItJittered(int retriesDone, int lowestMs, int highestMs)
    {
        // Arrange
        var policy = Defaults with { Retries = 10 };

        // Act
        var lowest = RetryRules.WaitBeforeRetry(OutcomeClass.Unavailable, null, retriesDone, policy, random: 0);
        var highest = RetryRules.WaitBeforeRetry(OutcomeClass.Unavailable, null, retriesDone, policy, random: 1);

        // Assert
        Assert.Equal(TimeSpan.FromMilliseconds(lowestMs), lowest);
        Assert.Equal(TimeSpan.FromMilliseconds(highestMs), highest);
    }

    [Fact]
    public void Backoff_NeverExceedsItsCap()
    {
        // Act
        var wait = RetryRules.WaitBeforeRetry(OutcomeClass.Timeout, null, 9, Defaults with { Retries = 10 }, random: 1);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(2), wait);
    }

    [Theory]
    [InlineData(OutcomeClass.Stalled)]
    [InlineData(OutcomeClass.Filtered)]
    [InlineData(OutcomeClass.ContextLength)]
    [InlineData(OutcomeClass.InvalidRequest)]
    [InlineData(OutcomeClass.Auth)]
    public void NonTransientFailure_SwapsWithoutRetry(OutcomeClass outcome) =>
        Assert.Null(RetryRules.WaitBeforeRetry(outcome, null, 0, Defaults, random: 0.5));

    [Fact]
    public void RetriesSpent_Swaps()
    {
        // Act
        var third = RetryRules.WaitBeforeRetry(OutcomeClass.Unavailable, null, retriesDone: 2, Defaults, random: 0.5);

        // Assert: the default is two retries
        Assert.Null(third);
    }

    [Theory]
    [InlineData(2, 2.0)]
    [InlineData(10, 10.0)]
    [InlineData(11, null)]
    public void RetryAfter_WaitedOutUpToTheCap_LongerSwapsAtOnce(int retryAfterSeconds, double? expectedSeconds)
    {
        // Act
        var wait = RetryRules.WaitBeforeRetry(OutcomeClass.RateLimited, TimeSpan.FromSeconds(retryAfterSeconds), 0, Defaults, random: 0.5);

        // Assert
        Assert.Equal(expectedSeconds is { } s ? TimeSpan.FromSeconds(s) : null, wait);
    }

    [Fact]
    public void Policy_OverridesEachDefault_UnsetFieldsFallBack()
    {
        // Arrange
        var policy = new RoutingPolicy { Retries = 4, RetryBackoff = "50ms", MaxRetryAfter = "3s", FirstTokenTimeout = "2s", AttemptTimeout = "30s", Deadline = "1m" };

        // Act
        var effective = EffectivePolicy.Of(policy, new RoutingOptions());

        // Assert
        Assert.Equal(
            new EffectivePolicy(4, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)),
            effective);
    }
}
