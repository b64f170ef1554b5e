namespace Pipelines.Core.Definitions;

/// <summary>Where the designer draws a step's node.</summary>
public sealed record LayoutPosition(double X, double Y);
