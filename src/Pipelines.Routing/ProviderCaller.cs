using System.Diagnostics;
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
            var answer = StreamsChat(provider, request.Capability, out var streaming)
                ? await StreamToEndAsync(streaming, request, provider.Id, ms => firstTokenMs = ms, watch, cancellationToken)
                : await provider.Connector.InvokeAsync(request.Capability, request.Input, cancellationToken);
            response = CheckedChat(request, answer, provider.Id);
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
        health.Record(key, new Observation(request.Capability, outcome, latencyMs, firstTokenMs, failure?.RetryAfter, failure?.Message, probe, request.Scope));
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
        var answer = new ChatStreamAssembler();
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

            if (answer.Add(chunk, providerId) is { } whole)
            {
                return ChatAnswer(whole, providerId);
            }
        }

        throw new ConnectorException(OutcomeClass.Unavailable, $"{providerId}: the stream ended without a finish reason (incomplete answer).");
    }

    /// <summary>The same output shape as a non-streamed chat answer.</summary>
    internal static ProviderResponse ChatAnswer(ChatResult result, string providerId) => new(ChatJson.WriteResult(result, providerId), result.Usage);

    /// <summary>
    /// A chat answer checked against the JSON the request asked for, here where the router sees the outcome: an answer
    /// that is not that JSON throws <see cref="OutcomeClass.InvalidOutput"/>, so a policy can swap on it.
    /// </summary>
    private static ProviderResponse CheckedChat(RouteRequest request, ProviderResponse response, string providerId)
    {
        if (request.Capability != Capabilities.Chat)
        {
            return response;
        }

        var chat = ChatJson.ReadRequest(request.Input);
        return chat.ResponseFormat is { IsJson: true }
            ? ChatAnswer(StructuredOutput.Apply(chat, ChatJson.ReadResult(response.Output), providerId), providerId)
            : response;
    }
}
