namespace Pipelines.Sandbox;

/// <summary>
/// A call the sandbox received and what it did with it; tests read this to see which provider was hit, with what and
/// when. <see cref="Outcome"/> is the fault applied (its kind) or <c>ok</c>. <see cref="EndedAt"/> is null while the
/// call is still open; <see cref="Aborted"/> says the connection was dropped (by the client giving up, or by a fault)
/// before the response completed. <see cref="Authorization"/> and <see cref="ApiKey"/> are the request's
/// <c>Authorization</c> and <c>api-key</c> headers, so tests can check how a connector authenticates. <see cref="Body"/> is
/// the request body exactly as received, so tests can check that nothing a client sent was lost on the way.
/// </summary>
public sealed record SandboxCall(
    string Model,
    string Endpoint,
    string Outcome,
    DateTimeOffset At,
    bool Stream = false,
    long Id = 0,
    string? Input = null,
    DateTimeOffset? EndedAt = null,
    bool Aborted = false,
    string? Authorization = null,
    string? ApiKey = null,
    string? Body = null);

/// <summary>The scripted faults and the call log, shared by all requests.</summary>
public sealed class SandboxState(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _rules = [];
    private readonly List<SandboxCall> _calls = [];
    private long _nextId;

    public SandboxState()
        : this(TimeProvider.System)
    {
    }

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _rules.Add(new Entry(rule)
            {
                Remaining = rule.Times,
                Until = rule.ForSeconds is { } seconds ? clock.GetUtcNow().AddSeconds(seconds) : null,
            });
        }
    }

    /// <summary>Forgets every rule and the call log.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
            _calls.Clear();
        }
    }

    /// <summary>Forgets the rules of one model (those scripted for exactly that name; "*" rules stay).</summary>
    public void RemoveRules(string model)
    {
        lock (_gate)
        {
            _rules.RemoveAll(e => e.Rule.Model == model);
        }
    }

    public void ClearCalls()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    /// <summary>The first live rule matching the model, consuming one of its remaining uses.</summary>
    public FaultRule? Take(string model)
    {
        lock (_gate)
        {
            DropExpired();
            var entry = _rules.FirstOrDefault(e => e.Rule.Model == "*" || e.Rule.Model == model);
            if (entry?.Remaining is { } left)
            {
                entry.Remaining = left - 1;
                if (entry.Remaining <= 0)
                {
                    _rules.Remove(entry);
                }
            }

            return entry?.Rule;
        }
    }

    /// <summary>Logs a call as received; returns its id, for <see cref="Complete"/>.</summary>
    public long Record(SandboxCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (_gate)
        {
            var id = ++_nextId;
            _calls.Add(call with { Id = id, At = call.At == default ? clock.GetUtcNow() : call.At });
            return id;
        }
    }

    /// <summary>Marks a logged call as ended (and whether its connection was dropped before the response completed).</summary>
    public void Complete(long id, bool aborted)
    {
        lock (_gate)
        {
            var index = _calls.FindIndex(c => c.Id == id);
            if (index >= 0)
            {
                _calls[index] = _calls[index] with { EndedAt = clock.GetUtcNow(), Aborted = aborted };
            }
        }
    }

    public IReadOnlyList<SandboxCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The rules still in force.</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                DropExpired();
                return [.. _rules.Select(e => e.Rule)];
            }
        }
    }

    private void DropExpired()
    {
        var now = clock.GetUtcNow();
        _rules.RemoveAll(e => e.Until is { } until && now >= until);
    }

    private sealed class Entry(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; }

        public DateTimeOffset? Until { get; set; }
    }
}
