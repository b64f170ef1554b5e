using System.ClientModel.Primitives;
using System.Text;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// A pipeline policy that makes a streamed answer (server-sent events) fail when its body ends before the
/// <c>data: [DONE]</c> line. The OpenAI client and Semantic Kernel end such a stream quietly, as if it were complete;
/// with this guard the read at the end of the body throws <see cref="IOException"/>, which the connector reports as
/// an incomplete stream.
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

    /// <summary>Passes the body through, watching its lines for <c>data: [DONE]</c>; its end before that line throws.</summary>
    private sealed class DoneWatchingStream(Stream inner) : Stream
    {
        private static readonly byte[] Done = Encoding.ASCII.GetBytes("data:[DONE]");
        private readonly byte[] _line = new byte[16];
        private int _lineLength;
        private bool _lineTooLong;
        private bool _sawDone;

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
                return _sawDone || IsDone() ? 0 : throw new IOException(EndedWithoutDone);
            }

            foreach (var b in read)
            {
                if (b == (byte)'\n')
                {
                    _sawDone |= IsDone();
                    _lineLength = 0;
                    _lineTooLong = false;
                }
                else if (b is not ((byte)' ' or (byte)'\r'))
                {
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

        private bool IsDone() => !_lineTooLong && _line.AsSpan(0, _lineLength).SequenceEqual(Done);
    }
}
