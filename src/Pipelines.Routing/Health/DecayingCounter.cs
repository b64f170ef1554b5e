namespace Pipelines.Routing.Health;

/// <summary>A count that halves every half-life, so recent calls weigh more than old ones. Not thread-safe.</summary>
internal struct DecayingCounter
{
    private double _value;
    private long _updatedAt;

    public readonly double ValueAt(long now, double halfLifeTicks) =>
        _value == 0 ? 0 : _value * Math.Pow(0.5, (now - _updatedAt) / halfLifeTicks);

    public void Add(long now, double halfLifeTicks, double amount = 1)
    {
        _value = ValueAt(now, halfLifeTicks) + amount;
        _updatedAt = now;
    }
}
