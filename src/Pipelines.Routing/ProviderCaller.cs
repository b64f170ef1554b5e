using System.Diagnostics;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Routing.Health;
using Pipelines.Routing.Policies;

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
        var limits = EffectivePolicy.Of(request.Policy, options.Value);
        using var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptLimit.CancelAfter(limits.AttemptTimeout);
        try
        {
            // A relayed answer goes back as the provider sent it; the client checks its own response format.
            response = request.Wire is { } wire && provider.Connector is IOpenAiWireConnector relay
                ? await relay.RelayAsync(wire, attemptLimit.Token)
                : CheckedChat(
                    request,
                    Streams(provider, request) is { } open
                        ? await StreamToEndAsync(open, request, provider.Id, ms => firstTokenMs = ms, watch, attemptLimit.Token)
                        : await provider.Connector.InvokeAsync(request.Capability, request.Input, attemptLimit.Token),
                    provider.Id);
        }
        catch (Exception exception) when (attemptLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or ConnectorException)
        {
            failure = new ConnectorException(OutcomeClass.Timeout, $"{provider.Id}: no answer within the attempt timeout of {limits.AttemptTimeout.TotalSeconds:0.###} s.", inner: exception);
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

    /// <summary>
    /// How to open this provider's chat stream for the request: relayed as the client sent it when both speak OpenAI's
    /// wire, else through the capability contract; null when the provider cannot stream it.
    /// </summary>
    internal static Func<CancellationToken, IAsyncEnumerable<StreamChunk>>? Streams(RegisteredProvider provider, RouteRequest request)
    {
        if (request.Capability != Capabilities.Chat || !provider.Manifest.Streaming)
        {
            return null;
        }

        if (request.Wire is { } wire && provider.Connector is IOpenAiWireConnector relay)
        {
            return token => relay.RelayStreamAsync(wire, token);
        }

        return provider.Connector is IStreamingProviderConnector streaming
            ? token => SkipDelivered(streaming.StreamAsync(request.Capability, request.Input, token), request.Skip)
            : null;
    }

    /// <summary>A re-asked answer without the text the caller already has; it must start with exactly that text.</summary>
    private static async IAsyncEnumerable<StreamChunk> SkipDelivered(IAsyncEnumerable<StreamChunk> chunks, string? delivered)
    {
        var skip = delivered ?? "";
        await foreach (var chunk in chunks)
        {
            var text = chunk.Delta ?? "";
            if (skip.Length == 0)
            {
                yield return chunk;
            }
            else if (skip.StartsWith(text, StringComparison.Ordinal) && chunk.FinishReason is null)
            {
                skip = skip[text.Length..];
            }
            else if (text.StartsWith(skip, StringComparison.Ordinal))
            {
                yield return chunk with { Delta = text[skip.Length..] };
                skip = "";
            }
            else
            {
                throw new ConnectorException(OutcomeClass.Unavailable, "The new answer does not start with the part already delivered.");
            }
        }
    }

    private async Task<ProviderResponse> StreamToEndAsync(
        Func<CancellationToken, IAsyncEnumerable<StreamChunk>> open, RouteRequest request, string providerId, Action<double> firstToken, Stopwatch watch, CancellationToken cancellationToken)
    {
        await using var stream = new StreamWatchdog(open, cancellationToken);
        var limits = EffectivePolicy.Of(request.Policy, options.Value);
        var answer = new ChatStreamAssembler();
        var first = true;
        while (await stream.NextAsync(
            first ? limits.FirstTokenTimeout : limits.StallTimeout,
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
