namespace Pipelines.Core.Definitions;

/// <summary>
/// One problem found in a definition. <paramref name="Code"/> is stable per rule (see <see cref="DiagnosticCodes"/>),
/// <paramref name="Pointer"/> is a JSON pointer to the offending value, and Line/Column are 1-based when the text is known.
/// </summary>
public sealed record Diagnostic(string Code, string Message, string Pointer, int? Line = null, int? Column = null);
