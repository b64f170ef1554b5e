using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>
/// Reads a provider's stream with a limit on silence: the time to the first token, then between tokens. A provider
/// silent past its limit fails as <see cref="OutcomeClass.Stalled"/>, so the router can swap while nothing is committed.
/// </summary>
internal sealed class StreamWatchdog : IAsyncDisposable
{
    private readonly CancellationTokenSource _silence;
    private readonly CancellationToken _caller;
    private readonly IAsyncEnumerator<StreamChunk> _chunks;
    private bool _disposed;

    /// <param name="open">Opens the provider's stream with the token that ends it when a limit passes.</param>
    /// <param name="caller">The caller's own cancellation, told apart from a passed limit.</param>
    public StreamWatchdog(Func<CancellationToken, IAsyncEnumerable<StreamChunk>> open, CancellationToken caller)
    {
        _caller = caller;
        _silence = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _chunks = open(_silence.Token).GetAsyncEnumerator(_silence.Token);
    }

    /// <summary>The next chunk, or null at the end of the stream.</summary>
    public async Task<StreamChunk?> NextAsync(TimeSpan limit, string silence)
    {
        _silence.CancelAfter(limit);
        try
        {
            return await _chunks.MoveNextAsync() ? _chunks.Current : null;
        }
        catch (Exception exception) when (_silence.IsCancellationRequested && !_caller.IsCancellationRequested
            && exception is OperationCanceledException or ConnectorException)
        {
            throw new ConnectorException(OutcomeClass.Stalled, $"{silence} within {limit.TotalSeconds:0.###} s", inner: exception);
        }
    }

    /// <summary>Ends the stream; safe to call again (a stream that broke is closed before its continuation starts).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _silence.CancelAsync();
        try
        {
            await _chunks.DisposeAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or ConnectorException)
        {
            // The stream was abandoned on purpose; its cancellation is not news.
        }

        _silence.Dispose();
    }
}
