using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions.Binding;

/// <summary>
/// Turns a parsed JSON tree into the model, reporting unknown fields, wrong types and bad enum values on the way.
/// Meaning (identifiers, references, ranges) is checked afterwards on the model by the semantic rules.
/// </summary>
internal sealed class DefinitionBinder(NodeReader reader)
{
    private static readonly HashSet<string> TopFields =
        ["apiVersion", "kind", "id", "title", "description", "inputs", "defaults", "steps", "outputs", "layout"];

    private static readonly HashSet<string> InputFields =
        ["type", "required", "default", "maxLength", "minimum", "maximum", "enum", "items", "description"];

    private static readonly HashSet<string> DefaultsFields = ["policy", "constraints", "timeout", "retries", "backoff"];

    private static readonly HashSet<string> StepFields =
    [
        "uses", "with", "needs", "if", "providers", "policy", "constraints", "timeout", "retries", "backoff",
        "onTimeout", "items", "parallelism", "step",
    ];

    private static readonly HashSet<string> PolicyFields =
    [
        "strategy", "swapOn", "weights", "hedgeDelay", "deadline", "commit", "retries", "retryBackoff", "maxRetryBackoff", "maxRetryAfter",
        "firstTokenTimeout", "stallTimeout", "attemptTimeout",
    ];
    private static readonly HashSet<string> ConstraintFields = ["residency", "locality", "maxCostPer1kTokens", "features"];
    private static readonly HashSet<string> BackoffFields = ["strategy", "delay", "maxDelay"];
    private static readonly HashSet<string> PositionFields = ["x", "y"];

    public PipelineDefinition? Bind(JsonNode? root)
    {
        if (reader.Object(root, JsonPointer.Root) is not { } obj)
        {
            return null;
        }

        var fields = reader.Fields(obj, JsonPointer.Root, TopFields);
        fields.Require("apiVersion");
        fields.Require("kind");
        return new PipelineDefinition
        {
            ApiVersion = fields.String("apiVersion") ?? PipelineDefinition.CurrentApiVersion,
            Kind = fields.String("kind") ?? PipelineDefinition.PipelineKind,
            Id = fields.String("id") ?? "",
            Title = fields.String("title") ?? "",
            Description = fields.String("description"),
            Inputs = fields.Map("inputs", (node, pointer) => reader.Object(node, pointer) is { } o ? Input(o, pointer) : null),
            Defaults = fields.Nested("defaults", Defaults),
            Steps = fields.Map("steps", (node, pointer) => reader.Object(node, pointer) is { } o ? Step(o, pointer) : null),
            Outputs = fields.Map("outputs", reader.String),
            Layout = fields.Map("layout", (node, pointer) => reader.Object(node, pointer) is { } o ? Position(o, pointer) : null),
        };
    }

    private InputDefinition Input(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, InputFields);
        fields.Require("type");
        return new InputDefinition
        {
            Type = fields.Enum<InputType>("type") ?? InputType.String,
            Required = fields.Boolean("required"),
            DefaultValue = fields.Raw("default")?.DeepClone(),
            MaxLength = fields.Integer("maxLength"),
            Minimum = fields.Number("minimum"),
            Maximum = fields.Number("maximum"),
            AllowedValues = fields.Has("enum") ? reader.List(fields.Raw("enum"), fields.At("enum"), (node, _) => node.DeepClone()) : null,
            Items = fields.Nested("items", Input),
            Description = fields.String("description"),
        };
    }

    private PipelineDefaults Defaults(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, DefaultsFields);
        return new PipelineDefaults
        {
            Policy = fields.Nested("policy", Policy),
            Constraints = fields.Nested("constraints", Constraints),
            Timeout = fields.String("timeout"),
            Retries = fields.Integer("retries"),
            Backoff = fields.Nested("backoff", Backoff),
        };
    }

    private StepDefinition Step(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, StepFields);
        return new StepDefinition
        {
            Uses = fields.String("uses") ?? "",
            With = fields.Object("with")?.DeepClone().AsObject(),
            Needs = fields.Strings("needs"),
            Condition = fields.String("if"),
            Providers = fields.Strings("providers"),
            Policy = fields.Nested("policy", Policy),
            Constraints = fields.Nested("constraints", Constraints),
            Timeout = fields.String("timeout"),
            Retries = fields.Integer("retries"),
            Backoff = fields.Nested("backoff", Backoff),
            OnTimeout = fields.Enum<ApprovalTimeoutAction>("onTimeout"),
            Items = fields.String("items"),
            Parallelism = fields.Integer("parallelism"),
            Step = fields.Nested("step", Step),
        };
    }

    private RoutingPolicy Policy(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, PolicyFields);
        return new RoutingPolicy
        {
            Strategy = fields.Enum<RoutingStrategy>("strategy"),
            SwapOn = fields.Enums<SwapReason>("swapOn"),
            Weights = fields.Numbers("weights"),
            HedgeDelay = fields.String("hedgeDelay"),
            Deadline = fields.String("deadline"),
            Retries = fields.Integer("retries"),
            RetryBackoff = fields.String("retryBackoff"),
            MaxRetryBackoff = fields.String("maxRetryBackoff"),
            MaxRetryAfter = fields.String("maxRetryAfter"),
            FirstTokenTimeout = fields.String("firstTokenTimeout"),
            StallTimeout = fields.String("stallTimeout"),
            AttemptTimeout = fields.String("attemptTimeout"),
            Commit = fields.Enum<StreamCommit>("commit"),
        };
    }

    private StepConstraints Constraints(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, ConstraintFields);
        return new StepConstraints
        {
            Residency = fields.Strings("residency"),
            Locality = fields.Strings("locality"),
            MaxCostPer1kTokens = fields.Number("maxCostPer1kTokens"),
            Features = fields.Strings("features"),
        };
    }

    private RetryBackoff Backoff(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, BackoffFields);
        return new RetryBackoff
        {
            Strategy = fields.Enum<BackoffStrategy>("strategy"),
            Delay = fields.String("delay"),
            MaxDelay = fields.String("maxDelay"),
        };
    }

    private LayoutPosition? Position(JsonObject obj, string pointer)
    {
        var fields = reader.Fields(obj, pointer, PositionFields);
        fields.Require("x");
        fields.Require("y");
        var x = fields.Coordinate("x");
        var y = fields.Coordinate("y");
        return x is null || y is null ? null : new LayoutPosition(x.Value, y.Value);
    }
}
