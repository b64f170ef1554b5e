namespace Pipelines.Routing.Health;

/// <summary>The last <see cref="Capacity"/> samples in milliseconds, for percentiles. Not thread-safe.</summary>
internal sealed class LatencyWindow
{
    public const int Capacity = 128;
    private readonly double[] _samples = new double[Capacity];
    private int _count;
    private int _next;

    public int Count => _count;

    public void Add(double milliseconds)
    {
        _samples[_next] = milliseconds;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    public double? Percentile(double p)
    {
        if (_count == 0)
        {
            return null;
        }

        var sorted = _samples[.._count];
        Array.Sort(sorted);
        return sorted[(int)Math.Min(_count - 1, Math.Ceiling(p * _count) - 1)];
    }
}
