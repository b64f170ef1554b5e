using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Core.Templates;

/// <summary>A node of a parsed expression. Evaluation only reads the run data it is given: no members, no I/O.</summary>
internal abstract class Expression
{
    public abstract ValueShape Shape { get; }

    public abstract IEnumerable<Expression> Children { get; }

    /// <summary>The value; it may belong to <paramref name="data"/>, so callers clone before attaching it elsewhere.</summary>
    public abstract JsonNode? Evaluate(JsonNode? data);
}

internal sealed class LiteralExpression(JsonNode? value, ValueShape shape) : Expression
{
    public override ValueShape Shape => shape;

    public override IEnumerable<Expression> Children => [];

    public override JsonNode? Evaluate(JsonNode? data) => value;
}

/// <summary>One step of a path: a member name, or an index computed by an expression.</summary>
internal sealed record PathSegment(string? Name, Expression? Index);

internal sealed class PathExpression(string root, IReadOnlyList<PathSegment> segments, int position) : Expression
{
    public override ValueShape Shape => ValueShape.Any;

    public override IEnumerable<Expression> Children => segments.Where(s => s.Index is not null).Select(s => s.Index!);

    public TemplateReference Reference =>
        new(root, [.. segments.TakeWhile(s => s.Name is not null).Select(s => s.Name!)], position);

    public override JsonNode? Evaluate(JsonNode? data)
    {
        var current = (data as JsonObject)?[root];
        foreach (var segment in segments)
        {
            current = segment.Name is not null ? Member(current, segment.Name) : Index(current, segment.Index!.Evaluate(data));
        }

        return current;
    }

    private static JsonNode? Member(JsonNode? value, string name) => value is JsonObject obj ? obj[name] : null;

    private static JsonNode? Index(JsonNode? value, JsonNode? index)
    {
        if (value is JsonArray array && JsonNumbers.TryGetDecimal(index, out var number))
        {
            return number == decimal.Truncate(number) && number >= 0 && number < array.Count ? array[(int)number] : null;
        }

        return index?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Member(value, index.GetValue<string>()) : null;
    }
}

internal sealed class NotExpression(Expression operand) : Expression
{
    public override ValueShape Shape => ValueShape.Boolean;

    public override IEnumerable<Expression> Children => [operand];

    public override JsonNode? Evaluate(JsonNode? data) => JsonValues.Boolean(!JsonValues.IsTruthy(operand.Evaluate(data)));
}

/// <summary><c>&amp;&amp;</c> and <c>||</c> yield booleans (by truthiness), short-circuiting.</summary>
internal sealed class LogicalExpression(bool isAnd, Expression left, Expression right) : Expression
{
    public override ValueShape Shape => ValueShape.Boolean;

    public override IEnumerable<Expression> Children => [left, right];

    public override JsonNode? Evaluate(JsonNode? data)
    {
        var first = JsonValues.IsTruthy(left.Evaluate(data));
        var result = isAnd ? first && JsonValues.IsTruthy(right.Evaluate(data)) : first || JsonValues.IsTruthy(right.Evaluate(data));
        return JsonValues.Boolean(result);
    }
}

internal sealed class ComparisonExpression(TokenKind op, Expression left, Expression right) : Expression
{
    public override ValueShape Shape => ValueShape.Boolean;

    public override IEnumerable<Expression> Children => [left, right];

    public override JsonNode? Evaluate(JsonNode? data)
    {
        var a = left.Evaluate(data);
        var b = right.Evaluate(data);
        var result = op switch
        {
            TokenKind.Equal => JsonValues.AreEqual(a, b),
            TokenKind.NotEqual => !JsonValues.AreEqual(a, b),
            _ => JsonValues.Compare(a, b) is { } order && op switch
            {
                TokenKind.Less => order < 0,
                TokenKind.LessOrEqual => order <= 0,
                TokenKind.Greater => order > 0,
                _ => order >= 0,
            },
        };
        return JsonValues.Boolean(result);
    }
}

internal sealed class FilterExpression(Expression input, Filter filter, IReadOnlyList<Expression> arguments) : Expression
{
    public override ValueShape Shape => filter.Shape;

    public override IEnumerable<Expression> Children => [input, .. arguments];

    public override JsonNode? Evaluate(JsonNode? data) =>
        filter.Apply(input.Evaluate(data), [.. arguments.Select(a => a.Evaluate(data))]);
}
