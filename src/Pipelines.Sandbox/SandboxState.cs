namespace Pipelines.Sandbox;

/// <summary>A call the sandbox received and what it did with it; tests read this to see which provider was hit.</summary>
public sealed record SandboxCall(string Model, string Endpoint, string Outcome, DateTimeOffset At);

/// <summary>The scripted faults and the call log, shared by all requests.</summary>
public sealed class SandboxState
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _rules = [];
    private readonly List<SandboxCall> _calls = [];

    public void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(new Entry(rule) { Remaining = rule.Times });
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
            _calls.Clear();
        }
    }

    /// <summary>The first rule matching the model, consuming one of its remaining uses.</summary>
    public FaultRule? Take(string model)
    {
        lock (_gate)
        {
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

    public void Record(SandboxCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
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

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules.Select(e => e.Rule)];
            }
        }
    }

    private sealed class Entry(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; }
    }
}
