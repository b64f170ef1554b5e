using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>
/// A chat stream the router has committed to: its first token has arrived. From here a cut, stall or malformed chunk
/// is rescued when it can be (the answer continues on another attempt, see <see cref="ProviderRouter"/>'s rescue), and
/// otherwise ends the stream with <see cref="StreamIncompleteException"/>, never with a quiet end that looks whole.
/// </summary>
public sealed class StreamingAnswer : IAsyncDisposable
{
    private readonly ProviderCaller _caller;
    private readonly RouteRequest _request;
    private readonly TimeSpan _stallLimit;
    private readonly Func<string, RegisteredProvider, ConnectorException, Task<StreamStart?>> _rescue;
    private readonly StringBuilder _delivered = new();
    private StreamStart _current;

    internal StreamingAnswer(
        StreamStart start, ProviderCaller caller, RouteRequest request, TimeSpan stallLimit, IReadOnlyList<ProviderAttempt> attemptsBefore,
        Func<string, RegisteredProvider, ConnectorException, Task<StreamStart?>> rescue)
    {
        _current = start;
        _caller = caller;
        _request = request;
        _stallLimit = stallLimit;
        _rescue = rescue;
        Provider = start.Provider.Id;
        Manifest = start.Provider.Manifest;
        AttemptsBefore = attemptsBefore;
    }

    /// <summary>The provider the stream was committed to (a rescue may finish the answer on another).</summary>
    public string Provider { get; }

    public ProviderManifest Manifest { get; }

    /// <summary>The calls that failed (or were refused) before this provider's stream started.</summary>
    public IReadOnlyList<ProviderAttempt> AttemptsBefore { get; }

    /// <summary>Every chunk, starting with the one already received; the last one carries the finish reason.</summary>
    public async IAsyncEnumerable<StreamChunk> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunk = _current.First;
        while (true)
        {
            _delivered.Append(chunk.Delta);
            yield return chunk;
            if (chunk.FinishReason is not null)
            {
                Settle(null);
                yield break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            chunk = await NextAsync();
        }
    }

    public ValueTask DisposeAsync() => _current.Stream.DisposeAsync();

    /// <summary>The next chunk; when the stream breaks, the first chunk of its continuation, or the typed incomplete error.</summary>
    private async Task<StreamChunk> NextAsync()
    {
        ConnectorException failure;
        try
        {
            if (await _current.Stream.NextAsync(_stallLimit, "the stream stalled: no token") is { } chunk)
            {
                return chunk;
            }

            failure = new ConnectorException(OutcomeClass.Unavailable, $"{_current.Provider.Id}: the stream ended without a finish reason.");
        }
        catch (ConnectorException exception)
        {
            failure = exception;
        }

        var attempt = Settle(failure);
        await _current.Stream.DisposeAsync();
        _current = await _rescue(_delivered.ToString(), _current.Provider, failure) ?? throw new StreamIncompleteException(attempt, failure);
        return _current.First;
    }

    private ProviderAttempt Settle(ConnectorException? failure) => _caller.Observe(
        _current.Provider, _request, failure, _current.Watch.Elapsed.TotalMilliseconds, _current.FirstTokenMs, _current.Probe, _current.StartedAt);
}

/// <summary>A provider's stream whose first chunk has arrived: where it came from and when, for the attempt's record.</summary>
internal sealed record StreamStart(
    StreamWatchdog Stream, StreamChunk First, RegisteredProvider Provider, Stopwatch Watch, DateTimeOffset StartedAt, bool Probe)
{
    public double FirstTokenMs { get; } = Watch.Elapsed.TotalMilliseconds;
}

/// <summary>A stream that broke after output was committed to the caller: the answer is incomplete and must not pass as whole.</summary>
public sealed class StreamIncompleteException(ProviderAttempt attempt, ConnectorException cause)
    : Exception($"The answer from {attempt.Provider} is incomplete: {cause.Message}", cause)
{
    public ProviderAttempt Attempt { get; } = attempt;

    public OutcomeClass Outcome => Attempt.Outcome;
}
