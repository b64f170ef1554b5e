namespace Pipelines.Core.Templates;

/// <summary>A template that does not parse. <see cref="Position"/> is the 0-based offset in the template text.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TemplateException(string message, int position)
        : base(message) => Position = position;

    public int Position { get; }
}
