namespace Pipelines.Routing.Health;

/// <summary>
/// The last <see cref="Capacity"/> samples in milliseconds, for percentiles. The sorted copy is kept until the next
/// sample, so ranking many providers on every call does not sort on every call. Not thread-safe.
/// </summary>
internal sealed class LatencyWindow
{
    public const int Capacity = 128;
    private readonly double[] _samples = new double[Capacity];
    private readonly double[] _sorted = new double[Capacity];
    private bool _sortedIsCurrent;
    private int _count;
    private int _next;

    public int Count => _count;

    public void Add(double milliseconds)
    {
        _samples[_next] = milliseconds;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        _sortedIsCurrent = false;
    }

    public double? Percentile(double p)
    {
        if (_count == 0)
        {
            return null;
        }

        if (!_sortedIsCurrent)
        {
            Array.Copy(_samples, _sorted, _count);
            Array.Sort(_sorted, 0, _count);
            _sortedIsCurrent = true;
        }

        return _sorted[(int)Math.Min(_count - 1, Math.Ceiling(p * _count) - 1)];
    }
}
