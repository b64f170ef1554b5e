using System.Text.Json.Nodes;

namespace Pipelines.Core.Templates;

/// <summary>A pure function usable after <c>|</c> in an expression.</summary>
internal sealed record Filter(string Name, int MinArguments, int MaxArguments, ValueShape Shape, Func<JsonNode?, JsonNode?[], JsonNode?> Apply);
