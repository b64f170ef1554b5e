using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipelines.Core.Templates;

/// <summary>
/// Recursive descent over the grammar in docs/definitions.md. Nesting and size are bounded so no input can exhaust the
/// stack, here or when the expression is evaluated.
/// </summary>
internal sealed class ExpressionParser
{
    public const int MaxNesting = 32;
    public const int MaxNodes = 256;

    private readonly Lexer _lexer;
    private Token _current;
    private int _nesting;
    private int _nodes;

    public ExpressionParser(string source, int position)
    {
        _lexer = new Lexer(source, position);
        _current = _lexer.Next();
    }

    public Token Current => _current;

    /// <summary>Parses one expression with its filters; stops before <c>}}</c> or the end.</summary>
    public Expression ParseExpression()
    {
        var expression = ParseOr();
        while (_current.Kind == TokenKind.Pipe)
        {
            Advance();
            var name = Expect(TokenKind.Identifier, "a filter name");
            if (!Filters.TryGet(name.Text, out var filter))
            {
                throw new TemplateException(
                    $"Unknown filter '{name.Text}'. Known filters: {string.Join(", ", Filters.Names)}.", name.Position);
            }

            var arguments = new List<Expression>();
            if (_current.Kind == TokenKind.Colon)
            {
                Advance();
                arguments.Add(ParseUnary());
                while (_current.Kind == TokenKind.Comma)
                {
                    Advance();
                    arguments.Add(ParseUnary());
                }
            }

            if (arguments.Count < filter.MinArguments || arguments.Count > filter.MaxArguments)
            {
                throw new TemplateException(
                    $"Filter '{filter.Name}' takes {filter.MinArguments}..{filter.MaxArguments} arguments, not {arguments.Count}.",
                    name.Position);
            }

            expression = Node(new FilterExpression(expression, filter, arguments), name);
        }

        return expression;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (_current.Kind == TokenKind.Or)
        {
            var op = Advance();
            left = Node(new LogicalExpression(false, left, ParseAnd()), op);
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseComparison();
        while (_current.Kind == TokenKind.And)
        {
            var op = Advance();
            left = Node(new LogicalExpression(true, left, ParseComparison()), op);
        }

        return left;
    }

    private Expression ParseComparison()
    {
        var left = ParseUnary();
        if (!IsComparison(_current.Kind))
        {
            return left;
        }

        var op = Advance();
        var comparison = Node(new ComparisonExpression(op.Kind, left, ParseUnary()), op);
        if (IsComparison(_current.Kind))
        {
            throw new TemplateException("Comparisons cannot be chained; join them with && or ||.", _current.Position);
        }

        return comparison;
    }

    private Expression ParseUnary()
    {
        if (_current.Kind != TokenKind.Not)
        {
            return ParsePrimary();
        }

        var op = Advance();
        Enter(op);
        var operand = ParseUnary();
        _nesting--;
        return Node(new NotExpression(operand), op);
    }

    private Expression ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Number when decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number):
                return Node(new LiteralExpression(JsonValue.Create(number), ValueShape.Number), token);
            case TokenKind.Number:
                throw new TemplateException($"The number {token.Text} is out of range.", token.Position);
            case TokenKind.String:
                return Node(new LiteralExpression(JsonValue.Create(token.Text), ValueShape.String), token);
            case TokenKind.Identifier when token.Text is "true" or "false":
                return Node(new LiteralExpression(JsonValue.Create(token.Text == "true"), ValueShape.Boolean), token);
            case TokenKind.Identifier when token.Text == "null":
                return Node(new LiteralExpression(null, ValueShape.Null), token);
            case TokenKind.Identifier:
                return ParsePath(token);
            case TokenKind.LeftParen:
                Enter(token);
                var inner = ParseExpression();
                Expect(TokenKind.RightParen, "')'");
                _nesting--;
                return inner;
            default:
                throw new TemplateException($"Expected a value, found {Describe(token)}.", token.Position);
        }
    }

    private PathExpression ParsePath(Token root)
    {
        var segments = new List<PathSegment>();
        while (_current.Kind is TokenKind.Dot or TokenKind.LeftBracket)
        {
            var open = Advance();
            if (open.Kind == TokenKind.Dot)
            {
                segments.Add(new PathSegment(Expect(TokenKind.Identifier, "a name after '.'").Text, null));
                continue;
            }

            Enter(open);
            var index = ParseExpression();
            Expect(TokenKind.RightBracket, "']'");
            _nesting--;

            // A literal string index is a member name like any other, so references stay statically checkable.
            segments.Add(index is LiteralExpression { Shape: ValueShape.String } literal
                ? new PathSegment(literal.Evaluate(null)!.GetValue<string>(), null)
                : new PathSegment(null, index));
        }

        return Node(new PathExpression(root.Text, segments, root.Position), root);
    }

    private T Node<T>(T expression, Token at)
        where T : Expression
    {
        if (++_nodes > MaxNodes)
        {
            throw new TemplateException($"The expression is too long (more than {MaxNodes} parts).", at.Position);
        }

        return expression;
    }

    private void Enter(Token at)
    {
        if (++_nesting > MaxNesting)
        {
            throw new TemplateException($"The expression is nested deeper than {MaxNesting} levels.", at.Position);
        }
    }

    private Token Advance()
    {
        var token = _current;
        _current = _lexer.Next();
        return token;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (_current.Kind != kind)
        {
            throw new TemplateException($"Expected {what}, found {Describe(_current)}.", _current.Position);
        }

        return Advance();
    }

    private static bool IsComparison(TokenKind kind) => kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less
        or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual;

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Close => "'}}'",
        _ => string.Create(CultureInfo.InvariantCulture, $"'{token.Text}'"),
    };
}
