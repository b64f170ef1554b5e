namespace Pipelines.Core.Templates;

/// <summary>What an expression is statically known to yield; decides whether it can serve as a condition.</summary>
internal enum ValueShape
{
    /// <summary>Data from the run: any type, judged by truthiness.</summary>
    Any,
    Boolean,
    String,
    Number,
    Null,
}
