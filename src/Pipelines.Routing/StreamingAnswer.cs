using System.Diagnostics;
using System.Runtime.CompilerServices;
using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>
/// A chat stream the router has committed to: its first token has arrived, so from here a cut, stall or malformed
/// chunk ends it with <see cref="StreamIncompleteException"/>, never with a quiet end that looks like a full answer.
/// </summary>
public sealed class StreamingAnswer : IAsyncDisposable
{
    private readonly StreamWatchdog _stream;
    private readonly StreamChunk _first;
    private readonly ProviderCaller _caller;
    private readonly RegisteredProvider _provider;
    private readonly RouteRequest _request;
    private readonly Stopwatch _watch;
    private readonly double _firstTokenMs;
    private readonly DateTimeOffset _startedAt;
    private readonly TimeSpan _stallLimit;
    private readonly bool _probe;

    internal StreamingAnswer(
        StreamWatchdog stream, StreamChunk first, ProviderCaller caller, RegisteredProvider provider, RouteRequest request,
        Stopwatch watch, DateTimeOffset startedAt, TimeSpan stallLimit, bool probe, IReadOnlyList<ProviderAttempt> attemptsBefore)
    {
        _stream = stream;
        _first = first;
        _caller = caller;
        _provider = provider;
        _request = request;
        _watch = watch;
        _firstTokenMs = watch.Elapsed.TotalMilliseconds;
        _startedAt = startedAt;
        _stallLimit = stallLimit;
        _probe = probe;
        AttemptsBefore = attemptsBefore;
    }

    public string Provider => _provider.Id;

    public ProviderManifest Manifest => _provider.Manifest;

    /// <summary>The calls that failed (or were refused) before this provider's stream started.</summary>
    public IReadOnlyList<ProviderAttempt> AttemptsBefore { get; }

    /// <summary>Every chunk, starting with the one already received; the last one carries the finish reason.</summary>
    public async IAsyncEnumerable<StreamChunk> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return _first;
        if (_first.FinishReason is not null)
        {
            Settle(null);
            yield break;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = await NextAsync();
            yield return chunk;
            if (chunk.FinishReason is not null)
            {
                Settle(null);
                yield break;
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task<StreamChunk> NextAsync()
    {
        ConnectorException failure;
        try
        {
            if (await _stream.NextAsync(_stallLimit, "the stream stalled: no token") is { } chunk)
            {
                return chunk;
            }

            failure = new ConnectorException(OutcomeClass.Unavailable, $"{Provider}: the stream ended without a finish reason.");
        }
        catch (ConnectorException exception)
        {
            failure = exception;
        }

        var attempt = Settle(failure);
        throw new StreamIncompleteException(attempt, failure);
    }

    private ProviderAttempt Settle(ConnectorException? failure) =>
        _caller.Observe(_provider, _request, failure, _watch.Elapsed.TotalMilliseconds, _firstTokenMs, _probe, _startedAt);
}

/// <summary>A stream that broke after output was committed to the caller: the answer is incomplete and must not pass as whole.</summary>
public sealed class StreamIncompleteException(ProviderAttempt attempt, ConnectorException cause)
    : Exception($"The answer from {attempt.Provider} is incomplete: {cause.Message}", cause)
{
    public ProviderAttempt Attempt { get; } = attempt;

    public OutcomeClass Outcome => Attempt.Outcome;
}
