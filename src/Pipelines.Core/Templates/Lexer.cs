using System.Text;

namespace Pipelines.Core.Templates;

/// <summary>Splits an expression into tokens, starting at an offset of the template source.</summary>
internal sealed class Lexer(string source, int position)
{
    private int _position = position;

    public int Position => _position;

    public Token Next()
    {
        while (_position < source.Length && char.IsWhiteSpace(source[_position]))
        {
            _position++;
        }

        var start = _position;
        if (_position >= source.Length)
        {
            return new Token(TokenKind.End, "", start);
        }

        var c = source[_position];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            return Identifier(start);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && Peek(1) is { } d && char.IsAsciiDigit(d)))
        {
            return Number(start);
        }

        if (c is '\'' or '"')
        {
            return String(start, c);
        }

        var two = _position + 1 < source.Length ? source.Substring(_position, 2) : "";
        TokenKind? pair = two switch
        {
            "==" => TokenKind.Equal,
            "!=" => TokenKind.NotEqual,
            "<=" => TokenKind.LessOrEqual,
            ">=" => TokenKind.GreaterOrEqual,
            "&&" => TokenKind.And,
            "||" => TokenKind.Or,
            "}}" => TokenKind.Close,
            _ => null,
        };
        if (pair is not null)
        {
            _position += 2;
            return new Token(pair.Value, two, start);
        }

        TokenKind? single = c switch
        {
            '.' => TokenKind.Dot,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '|' => TokenKind.Pipe,
            ':' => TokenKind.Colon,
            ',' => TokenKind.Comma,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            '!' => TokenKind.Not,
            _ => null,
        };
        if (single is null)
        {
            var hint = c == '=' ? " (use == to compare)" : "";
            throw new TemplateException($"Unexpected character '{c}'{hint}.", start);
        }

        _position++;
        return new Token(single.Value, c.ToString(), start);
    }

    private char? Peek(int offset) => _position + offset < source.Length ? source[_position + offset] : null;

    // Identifiers may contain '-' because step and input ids do; there is no subtraction to confuse it with.
    private Token Identifier(int start)
    {
        while (_position < source.Length && (char.IsAsciiLetterOrDigit(source[_position]) || source[_position] is '_' or '-'))
        {
            _position++;
        }

        return new Token(TokenKind.Identifier, source[start.._position], start);
    }

    private Token Number(int start)
    {
        _position++;
        while (_position < source.Length && char.IsAsciiDigit(source[_position]))
        {
            _position++;
        }

        if (Peek(0) == '.' && Peek(1) is { } d && char.IsAsciiDigit(d))
        {
            _position++;
            while (_position < source.Length && char.IsAsciiDigit(source[_position]))
            {
                _position++;
            }
        }

        return new Token(TokenKind.Number, source[start.._position], start);
    }

    private Token String(int start, char quote)
    {
        var text = new StringBuilder();
        _position++;
        while (_position < source.Length && source[_position] != quote)
        {
            var c = source[_position++];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            if (_position >= source.Length)
            {
                break;
            }

            var escaped = source[_position++];
            text.Append(escaped switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' or '\'' or '"' => escaped,
                _ => throw new TemplateException($"Unknown escape '\\{escaped}' in a string.", _position - 2),
            });
        }

        if (_position >= source.Length)
        {
            throw new TemplateException("Unterminated string.", start);
        }

        _position++;
        return new Token(TokenKind.String, text.ToString(), start);
    }
}
