using Pipelines.Connectors;

namespace Pipelines.Core.Definitions;

/// <summary>The built-in step kinds and capabilities, and the output fields templates may reference on each.</summary>
public static class StepKinds
{
    public const string Chat = Capabilities.Chat;
    public const string Embed = Capabilities.Embed;
    public const string Classify = Capabilities.Classify;
    public const string Transform = "transform";
    public const string Approval = "approval";
    public const string Foreach = "foreach";

    /// <summary>Outputs of the built-in kinds; the capabilities' come from the SDK (<see cref="CapabilityFields.OutputsOf"/>).</summary>
    private static readonly Dictionary<string, string[]> KindOutputFields = new(StringComparer.Ordinal)
    {
        [Approval] = ["approved", "by", "comment"],
        [Foreach] = ["items"],
    };

    public static bool IsBuiltInCapability(string uses) => uses is Chat or Embed or Classify;

    public static StepKind KindOf(string uses) => uses switch
    {
        Transform => StepKind.Transform,
        Approval => StepKind.Approval,
        Foreach => StepKind.Foreach,
        _ => StepKind.Capability,
    };

    /// <summary>
    /// The fields a step's output has, or null when they are not known statically (capabilities declared by connectors).
    /// </summary>
    public static IReadOnlyCollection<string>? OutputFieldsOf(StepDefinition step)
    {
        if (step.Kind == StepKind.Transform)
        {
            return step.With is null ? [] : [.. step.With.Select(p => p.Key)];
        }

        return CapabilityFields.OutputsOf(step.Uses) ?? (KindOutputFields.TryGetValue(step.Uses, out var fields) ? fields : null);
    }
}
