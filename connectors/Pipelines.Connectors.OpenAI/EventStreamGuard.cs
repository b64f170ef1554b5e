using System.ClientModel.Primitives;
using System.Text;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// A pipeline policy that makes a streamed answer (server-sent events) fail when its body ends before the
/// <c>data: [DONE]</c> line and before any chunk with a finish reason. The OpenAI client and Semantic Kernel end such a
/// stream quietly, as if it were complete; with this guard the read at the end of the body throws
/// <see cref="IOException"/>, which the connector reports as an incomplete stream. A body that ends cleanly after a
/// finish reason (usage or not) carries the whole answer, so it passes: some servers never send <c>[DONE]</c>.
/// </summary>
internal sealed class EventStreamGuard : PipelinePolicy
{
    public const string EndedWithoutDone = "the event stream ended without [DONE]";

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Guard(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Guard(message);
    }

    private static void Guard(PipelineMessage message)
    {
        if (message.Response is { Status: 200, ContentStream: { } body } response
            && response.Headers.TryGetValue("Content-Type", out var type)
            && type?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            response.ContentStream = new DoneWatchingStream(body);
        }
    }

    /// <summary>
    /// Passes the body through, watching its lines for <c>data: [DONE]</c> and for a finish reason that is not null;
    /// its end before either throws.
    /// </summary>
    private sealed class DoneWatchingStream(Stream inner) : Stream
    {
        private static readonly byte[] Done = Encoding.ASCII.GetBytes("data:[DONE]");
        private static readonly byte[] FinishKey = Encoding.ASCII.GetBytes("\"finish_reason\":");
        private readonly byte[] _line = new byte[16];
        private int _lineLength;
        private bool _lineTooLong;
        private bool _sawDone;
        private int _finishKeyMatched;
        private bool _lineHasFinish;
        private bool _sawFinish;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Watch(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override int Read(Span<byte> buffer) => Watch(buffer[..inner.Read(buffer)]);

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Watch(buffer.AsSpan(offset, await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Watch(buffer.Span[..read]);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private int Watch(ReadOnlySpan<byte> read)
        {
            if (read.IsEmpty)
            {
                return _sawDone || _sawFinish || IsDone() ? 0 : throw new IOException(EndedWithoutDone);
            }

            foreach (var b in read)
            {
                if (b == (byte)'\n')
                {
                    // A finish reason counts once its line is whole: a line cut halfway is no complete chunk.
                    _sawDone |= IsDone();
                    _sawFinish |= _lineHasFinish;
                    _lineLength = 0;
                    _lineTooLong = false;
                    _finishKeyMatched = 0;
                    _lineHasFinish = false;
                }
                else if (b is not ((byte)' ' or (byte)'\r'))
                {
                    WatchFinish(b);
                    // Spaces are dropped so that "data: [DONE]" and "data:[DONE]" compare alike.
                    if (_lineLength < _line.Length)
                    {
                        _line[_lineLength++] = b;
                    }
                    else
                    {
                        _lineTooLong = true;
                    }
                }
            }

            return read.Length;
        }

        /// <summary>Matches <c>"finish_reason":</c> across reads; a string value after it (not <c>null</c>) marks the line.</summary>
        private void WatchFinish(byte b)
        {
            if (_finishKeyMatched == FinishKey.Length)
            {
                _lineHasFinish |= b == (byte)'"';
                _finishKeyMatched = 0;
            }
            else if (b == FinishKey[_finishKeyMatched])
            {
                _finishKeyMatched++;
            }
            else
            {
                _finishKeyMatched = b == FinishKey[0] ? 1 : 0;
            }
        }

        private bool IsDone() => !_lineTooLong && _line.AsSpan(0, _lineLength).SequenceEqual(Done);
    }
}
