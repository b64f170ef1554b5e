namespace Pipelines.Core.Templates;

/// <summary>Why a template does not parse, and where (0-based offset in its text).</summary>
public sealed record TemplateError(string Message, int Position);
