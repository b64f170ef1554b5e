namespace Pipelines.Core.Definitions.Validation;

/// <summary>Where a template sits: which step (none for outputs), whose outputs exist by then, and whether item/index exist.</summary>
/// <param name="StepId">The step the template belongs to; null for pipeline outputs.</param>
/// <param name="Upstream">Steps whose output may be read; null means every step (outputs are rendered at the end).</param>
/// <param name="InsideForeach">Whether item and index exist.</param>
internal sealed record TemplateScope(string? StepId, IReadOnlySet<string>? Upstream, bool InsideForeach);
