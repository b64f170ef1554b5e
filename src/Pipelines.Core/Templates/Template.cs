using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Core.Templates;

/// <summary>
/// A parsed template: literal text with <c>{{ expression }}</c> parts. Parsed when a definition is validated; rendered by
/// the engine against the run data <c>{ "inputs": {...}, "steps": { "a": { "output": {...} } }, "item": ..., "index": n }</c>.
/// </summary>
public sealed class Template
{
    private readonly IReadOnlyList<Part> _parts;
    private readonly Expression? _single;

    private Template(string source, IReadOnlyList<Part> parts)
    {
        Source = source;
        _parts = parts;
        var expressions = parts.Where(p => p.Expression is not null).Select(p => p.Expression!).ToList();
        References = [.. expressions.SelectMany(Paths).Select(p => p.Reference)];
        var onlyWhitespaceAround = parts.All(p => p.Expression is not null || string.IsNullOrWhiteSpace(p.Text));
        _single = expressions.Count == 1 && onlyWhitespaceAround ? expressions[0] : null;
    }

    public string Source { get; }

    /// <summary>Every path the template reads, for static checks.</summary>
    public IReadOnlyList<TemplateReference> References { get; }

    /// <summary>True when the text holds at least one expression (otherwise it is a plain string).</summary>
    public bool HasExpressions => _parts.Any(p => p.Expression is not null);

    /// <summary>
    /// True when the whole text is one <c>{{ expression }}</c> (surrounding whitespace aside): its value keeps its type
    /// (a list stays a list) instead of being turned into text.
    /// </summary>
    public bool IsSingleExpression => _single is not null;

    /// <summary>True when this can be an <c>if</c>: a single expression that is boolean, or run data judged by truthiness.</summary>
    public bool IsCondition => _single?.Shape is ValueShape.Boolean or ValueShape.Any;

    public static Template Parse(string source) =>
        TryParse(source, out var template, out var error) ? template : throw new TemplateException(error.Message, error.Position);

    public static bool TryParse(
        string source, [NotNullWhen(true)] out Template? template, [NotNullWhen(false)] out TemplateError? error) =>
        TryBuild(source, () => ParseParts(source), out template, out error);

    /// <summary>
    /// Parses an <c>if</c>: either a template (<c>{{ a == 'b' }}</c>) or, as in CI workflows, a bare expression
    /// (<c>a == 'b'</c>).
    /// </summary>
    public static bool TryParseCondition(
        string source, [NotNullWhen(true)] out Template? template, [NotNullWhen(false)] out TemplateError? error) =>
        source.Contains("{{", StringComparison.Ordinal)
            ? TryParse(source, out template, out error)
            : TryBuild(source, () => [ParseBare(source)], out template, out error);

    /// <summary>The value: typed for a single expression, otherwise the rendered text.</summary>
    public JsonNode? Evaluate(JsonNode? runData) =>
        _single is { } single ? single.Evaluate(runData)?.DeepClone() : JsonValue.Create(Render(runData));

    public string Render(JsonNode? runData)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            text.Append(part.Expression is null ? part.Text : JsonValues.ToText(part.Expression.Evaluate(runData)));
        }

        return text.ToString();
    }

    public bool EvaluateBoolean(JsonNode? runData) => JsonValues.IsTruthy(Evaluate(runData));

    public override string ToString() => Source;

    private static bool TryBuild(
        string source,
        Func<IReadOnlyList<Part>> parse,
        [NotNullWhen(true)] out Template? template,
        [NotNullWhen(false)] out TemplateError? error)
    {
        template = null;
        error = null;
        if (source.Length > DefinitionLimits.MaxTemplateLength)
        {
            error = new TemplateError($"Templates are limited to {DefinitionLimits.MaxTemplateLength} characters.", 0);
            return false;
        }

        try
        {
            template = new Template(source, parse());
            return true;
        }
        catch (TemplateException ex)
        {
            error = new TemplateError(ex.Message, ex.Position);
            return false;
        }
    }

    private static List<Part> ParseParts(string source)
    {
        var parts = new List<Part>();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(source[position..], null));
                break;
            }

            if (open > position)
            {
                parts.Add(new Part(source[position..open], null));
            }

            var parser = new ExpressionParser(source, open + 2);
            if (parser.Current.Kind == TokenKind.Close)
            {
                throw new TemplateException("Empty expression '{{ }}'.", open);
            }

            var expression = parser.ParseExpression();
            if (parser.Current.Kind != TokenKind.Close)
            {
                var found = parser.Current.Kind == TokenKind.End ? "the end of the text" : $"'{parser.Current.Text}'";
                throw new TemplateException($"Expected '}}}}' to close the expression opened here, found {found}.", open);
            }

            parts.Add(new Part(null, expression));
            position = parser.Current.Position + 2;
        }

        return parts;
    }

    private static Part ParseBare(string source)
    {
        var parser = new ExpressionParser(source, 0);
        var expression = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw new TemplateException($"Unexpected '{parser.Current.Text}' after the expression.", parser.Current.Position);
        }

        return new Part(null, expression);
    }

    private static IEnumerable<PathExpression> Paths(Expression expression) =>
        (expression is PathExpression path ? [path] : Enumerable.Empty<PathExpression>())
            .Concat(expression.Children.SelectMany(Paths));

    /// <summary>Either literal text or an expression.</summary>
    private sealed record Part(string? Text, Expression? Expression);
}
