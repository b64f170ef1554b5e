using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>One execution of a step: its rendered inputs and the providers the definition allows.</summary>
public sealed record StepRequest(
    string TenantId,
    string RunId,
    string StepId,
    string Capability,
    JsonObject Input,
    IReadOnlyList<string> Providers,
    int Attempt);
