using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipelines.Connectors.Conformance;

[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One check: a stable name (e.g. <c>invoke.keywords-v1.classify</c>), its result and what was seen.</summary>
public sealed record ConformanceCheck(string Name, CheckStatus Status, string Detail)
{
    public bool Passed => Status != CheckStatus.Failed;
}

/// <summary>What the suite found at a URL. A connector conforms when no check failed.</summary>
public sealed record ConformanceReport(
    Uri Url,
    string? Connector,
    string? Version,
    string? Protocol,
    IReadOnlyList<ConformanceCheck> Checks,
    double DurationMs)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The manifest as served, when it could be read (the service stores it with the registration).</summary>
    [JsonIgnore]
    public JsonObject? Manifest { get; init; }

    public ConformanceCheck? Find(string name) => Checks.FirstOrDefault(c => c.Name == name);

    /// <summary>A report for a terminal: one line per check, then a summary line ending in PASSED or FAILED.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var who = Connector is null ? "" : $" ({Connector} {Version ?? "(no version)"}, protocol {Protocol ?? "?"})";
        text.Append(CultureInfo.InvariantCulture, $"Conformance of {Url}{who}\n");
        var width = Checks.Select(c => c.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var check in Checks)
        {
            var mark = check.Status switch { CheckStatus.Passed => "PASS", CheckStatus.Failed => "FAIL", _ => "SKIP" };
            text.Append(CultureInfo.InvariantCulture, $"  {mark}  {check.Name.PadRight(width)}  {check.Detail}\n");
        }

        var passed = Checks.Count(c => c.Status == CheckStatus.Passed);
        var failed = Checks.Count(c => c.Status == CheckStatus.Failed);
        var skipped = Checks.Count(c => c.Status == CheckStatus.Skipped);
        text.Append(CultureInfo.InvariantCulture,
            $"{Checks.Count} checks: {passed} passed, {failed} failed, {skipped} skipped in {DurationMs / 1000:0.0} s. {(Passed ? "PASSED" : "FAILED")}\n");
        return text.ToString();
    }
}

/// <summary>How the suite calls the connector.</summary>
public sealed record ConformanceOptions
{
    /// <summary>The bearer secret, for connectors whose manifest says <c>auth: bearer</c>.</summary>
    public string? Secret { get; init; }

    /// <summary>The deadline each call announces in <c>X-Pipelines-Deadline-Ms</c>.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How late past its deadline an answer may arrive before the call is abandoned.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest answer read (a manifest, an invoke result, a stream); a larger one fails its check unread.</summary>
    public int MaxAnswerBytes { get; init; } = 1024 * 1024;
}
