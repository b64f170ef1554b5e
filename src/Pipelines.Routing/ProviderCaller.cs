using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Routing.Health;

namespace Pipelines.Routing;

/// <summary>
/// Makes one call to one provider and teaches health what happened. Chat goes through the provider's stream when it
/// has one, so a slow first token or a stall is caught by the watchdog instead of waiting out the whole timeout.
/// </summary>
public sealed class ProviderCaller(HealthRegistry health, ProbeTargets targets, RoutingMetrics metrics, IOptions<RoutingOptions> options, TimeProvider clock)
{
    internal async Task<CallOutcome> CallAsync(RegisteredProvider provider, RouteRequest request, bool probe, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        double? firstTokenMs = null;
        ProviderResponse? response = null;
        ConnectorException? failure = null;
        try
        {
            response = StreamsChat(provider, request.Capability, out var streaming)
                ? await StreamToEndAsync(streaming, request, provider.Id, ms => firstTokenMs = ms, watch, cancellationToken)
                : await provider.Connector.InvokeAsync(request.Capability, request.Input, cancellationToken);
        }
        catch (ConnectorException exception)
        {
            failure = exception;
        }
        catch (OperationCanceledException exception)
        {
            failure = new ConnectorException(OutcomeClass.Cancelled, "The call was cancelled.", inner: exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // A connector that let a transport error through still gets a class, so the router can act on it.
            failure = new ConnectorException(OutcomeClass.Unavailable, $"{provider.Id}: {exception.Message}", inner: exception);
        }

        var attempt = Observe(provider, request, failure, watch.Elapsed.TotalMilliseconds, firstTokenMs, probe, startedAt);
        return new CallOutcome(provider, attempt, response, failure);
    }

    /// <summary>Teaches health and metrics what one call did, and returns it as the run records it.</summary>
    internal ProviderAttempt Observe(
        RegisteredProvider provider, RouteRequest request, ConnectorException? failure, double latencyMs, double? firstTokenMs, bool probe, DateTimeOffset startedAt)
    {
        var outcome = failure?.Outcome ?? OutcomeClass.Ok;
        var key = provider.HealthKey(request.TenantId);
        targets.Remember(key, provider, request.TenantId, request.Capability);
        health.Record(key, new Observation(request.Capability, outcome, latencyMs, firstTokenMs, failure?.RetryAfter, failure?.Message, probe,
            request.Scope is { } scope ? RefusalScopes.Key(request.TenantId, scope) : null));
        metrics.Attempt(provider.Id, request.Capability, outcome, latencyMs);
        return new ProviderAttempt(provider.Id, outcome, latencyMs, failure?.Message, firstTokenMs, startedAt);
    }

    internal static bool StreamsChat(RegisteredProvider provider, string capability, out IStreamingProviderConnector streaming)
    {
        streaming = (provider.Connector as IStreamingProviderConnector)!;
        return streaming is not null && provider.Manifest.Streaming && capability == Capabilities.Chat;
    }

    private async Task<ProviderResponse> StreamToEndAsync(
        IStreamingProviderConnector connector, RouteRequest request, string providerId, Action<double> firstToken, Stopwatch watch, CancellationToken cancellationToken)
    {
        await using var stream = new StreamWatchdog(connector, request.Capability, request.Input, cancellationToken);
        var text = new StringBuilder();
        var first = true;
        while (await stream.NextAsync(
            first ? options.Value.TimeToFirstToken : options.Value.StallTimeout,
            first ? "no first token" : "the stream stalled: no token") is { } chunk)
        {
            if (first)
            {
                firstToken(watch.Elapsed.TotalMilliseconds);
                first = false;
            }

            text.Append(chunk.Delta);
            if (chunk.FinishReason is { } finish)
            {
                return ChatAnswer(text.ToString(), finish, providerId, chunk.Usage);
            }
        }

        throw new ConnectorException(OutcomeClass.Unavailable, $"{providerId}: the stream ended without a finish reason (incomplete answer).");
    }

    /// <summary>The same output shape as a non-streamed chat answer.</summary>
    internal static ProviderResponse ChatAnswer(string text, string finishReason, string providerId, TokenUsage? usage) => new(
        new JsonObject
        {
            ["text"] = text,
            ["finishReason"] = finishReason.ToLowerInvariant(),
            ["provider"] = providerId,
            ["usage"] = usage is null ? null : new JsonObject { ["input"] = usage.InputTokens, ["output"] = usage.OutputTokens },
        },
        usage);
}
