using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Pipelines.Routing.Health;

/// <summary>
/// Health scores and circuit breakers for every provider this process has called (or heard about from its peers).
/// A circuit opens on consecutive failures, on a failure ratio over a minimum of calls, as an outlier among the peers
/// serving the same capability, or for the cooldown a Retry-After asks; each opening doubles the break up to a cap
/// that also bounds Retry-After cooldowns (so a recovered provider is probed within it); when the break ends, a bounded
/// number of probe calls (real traffic or the active prober) decide whether it closes. See docs/routing.md.
/// </summary>
public sealed class HealthRegistry(IOptions<RoutingOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ProviderHealthState> _states = new(StringComparer.Ordinal);
    private readonly RoutingOptions _options = options.Value;
    private readonly double _halfLife = options.Value.HealthHalfLife.Ticks;

    /// <summary>Raised outside any lock on every transition this process decides (not on those applied from peers).</summary>
    public event Action<CircuitSignal>? CircuitChanged;

    public IEnumerable<string> Keys => _states.Keys;

    public Admission Admit(string key)
    {
        var state = StateOf(key);
        var now = Now;
        CircuitSignal? signal = null;
        Admission admission;
        lock (state.Gate)
        {
            if (state.State == CircuitState.Open && now >= state.OpenUntil)
            {
                state.State = CircuitState.HalfOpen;
                state.HalfOpenSuccesses = 0;
                state.ProbesInFlight = 0;
                signal = Signal(key, state);
            }

            admission = state.State switch
            {
                CircuitState.Closed => Admission.Call,
                CircuitState.HalfOpen when state.ProbesInFlight < _options.HalfOpenProbes => AdmitProbe(state),
                CircuitState.HalfOpen => new Admission(false, false, "circuit half-open: probe in flight"),
                _ => new Admission(false, false, $"circuit open: {state.Reason}"),
            };
        }

        Raise(signal);
        return admission;
    }

    public void Record(string key, Observation observation)
    {
        var state = StateOf(key);
        var now = Now;
        CircuitSignal? signal = null;
        bool checkOutlier;
        lock (state.Gate)
        {
            var stats = state.StatsFor(observation.Capability);
            stats.Add(observation, now, _halfLife);
            if (observation.Outcome == Connectors.OutcomeClass.Filtered && observation.Scope is { } scope)
            {
                var refusals = state.RefusalsByScope.GetValueOrDefault(scope);
                refusals.Add(now, _halfLife);
                state.RefusalsByScope[scope] = refusals;
            }
            state.LastCallAt = now;
            if (observation.Probe)
            {
                state.ProbesInFlight = Math.Max(0, state.ProbesInFlight - 1);
            }

            if (observation.IsProviderFailure)
            {
                state.ConsecutiveFailures++;
                RememberFailure(state, observation, now);
                signal = OnFailure(state, stats, observation, now) ? Signal(key, state) : null;
            }
            else if (observation.Outcome == Connectors.OutcomeClass.Ok)
            {
                state.ConsecutiveFailures = 0;
                if (state.State == CircuitState.HalfOpen && observation.Probe && ++state.HalfOpenSuccesses >= _options.HalfOpenProbes)
                {
                    state.State = CircuitState.Closed;
                    state.ClosedAt = now;
                    state.Reason = null;
                    signal = Signal(key, state);
                }
            }

            checkOutlier = signal is null && observation.IsProviderFailure && state.State == CircuitState.Closed
                && stats.Calls(now, _halfLife) >= _options.MinimumCalls;
        }

        Raise(signal);
        if (checkOutlier)
        {
            EjectIfOutlier(key, state, observation.Capability);
        }
    }

    /// <summary>Applies a peer's transition: opens here until the peer's retry time, or closes after the peer's successful probe.</summary>
    public void Apply(CircuitSignal signal)
    {
        var state = StateOf(signal.Key);
        lock (state.Gate)
        {
            if (signal.State == CircuitState.Open && signal.RetryAt is { } retryAt)
            {
                state.State = CircuitState.Open;
                state.OpenedAt = Now;
                state.OpenUntil = Math.Max(state.OpenUntil, Math.Min(retryAt.UtcTicks, Now + _options.MaxBreakTime.Ticks));
                state.Openings = Math.Max(state.Openings, signal.Openings);
                state.Reason = signal.Reason;
            }
            else if (signal.State == CircuitState.Closed && state.State != CircuitState.Closed)
            {
                state.State = CircuitState.Closed;
                state.ClosedAt = Now;
                state.ConsecutiveFailures = 0;
                state.Reason = null;
            }
        }
    }

    /// <summary>Score in [0, 1]: success rate × latency factor × circuit factor (docs/routing.md).</summary>
    public double Score(string key, string capability)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            return 1;
        }

        lock (state.Gate)
        {
            return CircuitFactor(state) * (state.Stats.TryGetValue(capability, out var stats) ? CapabilityScore(stats, Now) : 1);
        }
    }

    /// <summary>Median latency of successful calls, or null before the first one.</summary>
    public double? LatencyP50(string key, string capability)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            return null;
        }

        lock (state.Gate)
        {
            return state.Stats.TryGetValue(capability, out var stats) ? stats.Latency.Percentile(0.5) : null;
        }
    }

    public CircuitState StateOf(string key, out DateTimeOffset? retryAt)
    {
        retryAt = null;
        if (!_states.TryGetValue(key, out var state))
        {
            return CircuitState.Closed;
        }

        lock (state.Gate)
        {
            retryAt = state.State == CircuitState.Open ? new DateTimeOffset(state.OpenUntil, TimeSpan.Zero) : null;
            return state.State;
        }
    }

    /// <summary>Open circuits whose break is over and that no real call has tried lately: the active prober's work list.</summary>
    public IReadOnlyList<string> DueForActiveProbe()
    {
        var now = Now;
        var idle = _options.ActiveProbeAfter.Ticks;
        var due = new List<string>();
        foreach (var (key, state) in _states)
        {
            lock (state.Gate)
            {
                var breakOver = state.State == CircuitState.Open && now >= state.OpenUntil;
                var halfOpenIdle = state.State == CircuitState.HalfOpen && state.ProbesInFlight == 0;
                if ((breakOver || halfOpenIdle) && now - Math.Max(state.LastCallAt, state.OpenUntil) >= idle)
                {
                    due.Add(key);
                }
            }
        }

        return due;
    }

    public HealthSnapshot Snapshot(string key)
    {
        var state = StateOf(key);
        var now = Now;
        lock (state.Gate)
        {
            var capabilities = state.Stats.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Describe(s.Key, s.Value, now, state)).ToList();
            var circuit = new CircuitView(
                state.State,
                state.Openings,
                state.Reason,
                state.State == CircuitState.Closed ? null : new DateTimeOffset(state.OpenedAt, TimeSpan.Zero),
                state.State == CircuitState.Open ? new DateTimeOffset(state.OpenUntil, TimeSpan.Zero) : null,
                state.ConsecutiveFailures);
            var score = capabilities.Count == 0 ? CircuitFactor(state) : capabilities.Max(c => c.Score);
            var refusals = state.RefusalsByScope.ToDictionary(r => r.Key, r => r.Value.ValueAt(now, _halfLife), StringComparer.Ordinal);
            return new HealthSnapshot(key, score, circuit, capabilities, [.. state.RecentFailures.Reverse()], refusals);
        }
    }

    private long Now => clock.GetUtcNow().UtcTicks;

    private ProviderHealthState StateOf(string key) => _states.GetOrAdd(key, static _ => new ProviderHealthState());

    private static Admission AdmitProbe(ProviderHealthState state)
    {
        state.ProbesInFlight++;
        return new Admission(true, true, "half-open probe");
    }

    /// <summary>True when the circuit opened.</summary>
    private bool OnFailure(ProviderHealthState state, CapabilityStats stats, Observation observation, long now)
    {
        if (observation.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
        {
            // Never longer than the longest break, so a provider that recovers early is probed within that bound.
            Open(state, now, Math.Min(retryAfter.Ticks, _options.MaxBreakTime.Ticks), $"{Summarize(observation)}: provider asked for {retryAfter.TotalSeconds:0.#} s");
            return true;
        }

        if (state.State == CircuitState.HalfOpen)
        {
            Open(state, now, NextBreak(state, now), $"probe failed: {Summarize(observation)}");
            return true;
        }

        if (state.State != CircuitState.Closed)
        {
            return false;
        }

        var calls = stats.Calls(now, _halfLife);
        var failureRatio = calls == 0 ? 0 : stats.Failures.ValueAt(now, _halfLife) / calls;
        string? reason = state.ConsecutiveFailures >= _options.ConsecutiveFailuresToOpen
            ? $"{state.ConsecutiveFailures} consecutive failures, last {Summarize(observation)}"
            : calls >= _options.MinimumCalls && failureRatio >= _options.FailureRatioToOpen
                ? $"failure ratio {failureRatio:P0} over {calls:0} recent calls, last {Summarize(observation)}"
                : null;
        if (reason is null)
        {
            return false;
        }

        Open(state, now, NextBreak(state, now), reason);
        return true;
    }

    private void EjectIfOutlier(string key, ProviderHealthState state, string capability)
    {
        var now = Now;
        var peers = new List<(double Rate, bool Open)>();
        foreach (var peer in _states.Values)
        {
            lock (peer.Gate)
            {
                if (peer.Stats.TryGetValue(capability, out var stats) && stats.Calls(now, _halfLife) >= _options.MinimumCalls)
                {
                    peers.Add((stats.SuccessRate(now, _halfLife), peer.State != CircuitState.Closed));
                }
            }
        }

        if (peers.Count < 3 || (peers.Count(p => p.Open) + 1.0) / peers.Count > _options.MaxEjectedShare)
        {
            return;
        }

        var mean = peers.Average(p => p.Rate);
        var deviation = Math.Sqrt(peers.Average(p => (p.Rate - mean) * (p.Rate - mean)));
        CircuitSignal? signal = null;
        lock (state.Gate)
        {
            var rate = state.StatsFor(capability).SuccessRate(now, _halfLife);
            if (state.State == CircuitState.Closed && rate < mean - (_options.OutlierDeviations * deviation))
            {
                Open(state, now, NextBreak(state, now), $"outlier: success rate {rate:P0} against peers' mean {mean:P0} (σ {deviation:P0})");
                signal = Signal(key, state);
            }
        }

        Raise(signal);
    }

    private long NextBreak(ProviderHealthState state, long now)
    {
        if (state.State == CircuitState.Closed && now - state.ClosedAt > _options.MaxBreakTime.Ticks)
        {
            state.Openings = 0; // healthy for a long spell: the next opening starts from the shortest break again
        }

        state.Openings++;
        var ticks = _options.BreakTime.Ticks * Math.Pow(2, Math.Min(state.Openings - 1, 30));
        return (long)Math.Min(ticks, _options.MaxBreakTime.Ticks);
    }

    private static void Open(ProviderHealthState state, long now, long breakTicks, string reason)
    {
        state.State = CircuitState.Open;
        state.OpenedAt = now;
        state.OpenUntil = now + breakTicks;
        state.ProbesInFlight = 0;
        state.Reason = reason;
    }

    private static void RememberFailure(ProviderHealthState state, Observation observation, long now)
    {
        state.RecentFailures.Enqueue(new RecentFailure(new DateTimeOffset(now, TimeSpan.Zero), observation.Capability, observation.Outcome, observation.Error));
        while (state.RecentFailures.Count > ProviderHealthState.RecentFailureCount)
        {
            state.RecentFailures.Dequeue();
        }
    }

    private double CapabilityScore(CapabilityStats stats, long now)
    {
        var latencyFactor = stats.Latency.Percentile(0.5) is { } p50 ? 1 / (1 + (p50 / _options.LatencyTarget.TotalMilliseconds)) : 1;
        return stats.SuccessRate(now, _halfLife) * latencyFactor;
    }

    private static double CircuitFactor(ProviderHealthState state) => state.State switch
    {
        CircuitState.Closed => 1,
        CircuitState.HalfOpen => 0.5,
        _ => 0,
    };

    private CapabilityHealth Describe(string capability, CapabilityStats stats, long now, ProviderHealthState state)
    {
        var calls = stats.Calls(now, _halfLife);
        return new CapabilityHealth(
            capability,
            CircuitFactor(state) * CapabilityScore(stats, now),
            stats.SuccessRate(now, _halfLife),
            calls,
            calls == 0 ? 0 : stats.RateLimited.ValueAt(now, _halfLife) / calls,
            calls == 0 ? 0 : stats.Timeouts.ValueAt(now, _halfLife) / calls,
            stats.OwnSide.ValueAt(now, _halfLife),
            stats.Refusals.ValueAt(now, _halfLife),
            stats.Latency.Percentile(0.5),
            stats.Latency.Percentile(0.95),
            stats.FirstToken.Percentile(0.5),
            stats.FirstToken.Percentile(0.95));
    }

    private static string Summarize(Observation observation) => observation.Error is { } error ? $"{observation.Outcome} ({error})" : observation.Outcome.ToString();

    private static CircuitSignal Signal(string key, ProviderHealthState state) =>
        new(key, state.State, state.State == CircuitState.Open ? new DateTimeOffset(state.OpenUntil, TimeSpan.Zero) : null, state.Openings, state.Reason);

    private void Raise(CircuitSignal? signal)
    {
        if (signal is not null)
        {
            CircuitChanged?.Invoke(signal);
        }
    }
}
