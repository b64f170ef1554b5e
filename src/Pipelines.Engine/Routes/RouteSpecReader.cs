using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Routes;

/// <summary>
/// Reads a route body (or route file): <c>{name, description?, providers, policy, constraints}</c>, optionally with
/// <c>apiVersion</c> and <c>kind: Route</c> so a route file can be sent as it is. The providers, policy and
/// constraints are parsed and checked by the definition validator as the one capability step of a pipeline, so a route
/// and a step accept exactly the same policy with the same rules; errors are JSON pointers into the body.
/// </summary>
public static partial class RouteSpecReader
{
    public const string Kind = "Route";

    /// <summary>Lowercase like other ids, with dots allowed: a route often stands in for a model name such as <c>gpt-4.1-mini</c>.</summary>
    public const string NamePattern = "^[a-z][a-z0-9._-]{0,62}$";

    public const int MaxDescriptionLength = 1000;

    private const string StepId = "route";
    private const string StepPointer = "/steps/" + StepId;

    private static readonly string[] StepFields = ["providers", "policy", "constraints"];

    private static readonly HashSet<string> Fields = new(["apiVersion", "kind", "name", "description", .. StepFields], StringComparer.Ordinal);

    /// <summary>Fields of the route view a client may send back unchanged on PUT; they are ignored.</summary>
    private static readonly HashSet<string> ReadOnlyFields = new(["origin", "createdAt", "updatedAt", "updatedBy", "version"], StringComparer.Ordinal);

    private static readonly DefinitionValidator Validator = new();

    public static bool IsValidName(string? name) => name is not null && !name.EndsWith('\n') && NameRegex().IsMatch(name);

    /// <param name="body">The JSON object sent, or a route file as JSON.</param>
    /// <param name="urlName">The name in the URL of a PUT: the body's name may be omitted, and must match when given.</param>
    public static (RouteSpec? Spec, IReadOnlyList<Diagnostic> Errors) Read(JsonObject body, string? urlName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<Diagnostic>();
        void Fail(string field, string rule, string message) => errors.Add(new Diagnostic(rule, message, field));

        foreach (var (field, _) in body)
        {
            if (!Fields.Contains(field) && !ReadOnlyFields.Contains(field))
            {
                Fail(JsonPointer.Append("", field), DiagnosticCodes.UnknownField, $"'{field}' is not a route field (fields: {string.Join(", ", Fields)}).");
            }
        }

        if (Text(body, "apiVersion", errors) is { } apiVersion && apiVersion != PipelineDefinition.CurrentApiVersion)
        {
            Fail("/apiVersion", DiagnosticCodes.InvalidValue, $"apiVersion must be '{PipelineDefinition.CurrentApiVersion}'.");
        }

        if (Text(body, "kind", errors) is { } kind && kind != Kind)
        {
            Fail("/kind", DiagnosticCodes.InvalidValue, $"kind must be '{Kind}' (got '{kind}').");
        }

        var name = Text(body, "name", errors) ?? urlName;
        if (name is null)
        {
            Fail("/name", DiagnosticCodes.MissingField, "'name' is required: the name clients send as the model.");
        }
        else if (!IsValidName(name))
        {
            Fail("/name", DiagnosticCodes.InvalidIdentifier, $"'{name}' is not a valid route name: {NamePattern}.");
        }
        else if (urlName is not null && name != urlName)
        {
            Fail("/name", DiagnosticCodes.InvalidValue, $"The body names route '{name}' but the URL names '{urlName}'; a route cannot be renamed.");
        }

        var description = Text(body, "description", errors);
        if (description?.Length > MaxDescriptionLength)
        {
            Fail("/description", DiagnosticCodes.OutOfRange, $"description may be at most {MaxDescriptionLength} characters.");
        }

        var step = StepOf(body, errors);
        return errors.Count == 0 && step is not null
            ? (new RouteSpec(name!, description, step.Providers, step.Policy ?? new RoutingPolicy(), step.Constraints ?? new StepConstraints()), errors)
            : (null, errors);
    }

    /// <summary>The route's providers, policy and constraints validated as a pipeline's one capability step.</summary>
    private static StepDefinition? StepOf(JsonObject body, List<Diagnostic> errors)
    {
        var step = new JsonObject { ["uses"] = "chat" };
        foreach (var field in StepFields)
        {
            if (body.TryGetPropertyValue(field, out var value) && value is not null)
            {
                step[field] = WithoutNulls(value);
            }
        }

        var pipeline = new JsonObject
        {
            ["apiVersion"] = PipelineDefinition.CurrentApiVersion,
            ["kind"] = PipelineDefinition.PipelineKind,
            ["id"] = StepId,
            ["title"] = StepId,
            ["steps"] = new JsonObject { [StepId] = step },
        };
        var result = Validator.Validate(pipeline.ToJsonString(), DefinitionFormat.Json);
        foreach (var diagnostic in result.Diagnostics)
        {
            var pointer = diagnostic.Pointer.StartsWith(StepPointer, StringComparison.Ordinal) ? diagnostic.Pointer[StepPointer.Length..] : diagnostic.Pointer;
            errors.Add(diagnostic with { Pointer = pointer, Message = diagnostic.Message.Replace($"Step '{StepId}': ", "", StringComparison.Ordinal), Line = null, Column = null });
        }

        return result.Definition?.Steps.GetValueOrDefault(StepId);
    }

    /// <summary>A null member means "the default", as leaving it out does: a client can send back the view it read (which spells defaults as null).</summary>
    private static JsonNode WithoutNulls(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)WithoutNulls(p.Value!)))),
        _ => node.DeepClone(),
    };

    private static string? Text(JsonObject body, string field, List<Diagnostic> errors)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        errors.Add(new Diagnostic(DiagnosticCodes.WrongType, $"'{field}' must be a string.", JsonPointer.Append("", field)));
        return null;
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
