namespace Pipelines.Core.Templates;

internal enum TokenKind
{
    Identifier,
    Number,
    String,
    Dot,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    Pipe,
    Colon,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
    Not,

    /// <summary>The closing <c>}}</c> of a template expression.</summary>
    Close,
    End,
}

/// <summary>A token; <see cref="Text"/> is the identifier, the decoded string, or the number's text.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position);
