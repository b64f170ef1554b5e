using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Routing;

/// <summary>
/// One call to route: the capability and input, the providers allowed (in the definition's order), the policy and
/// constraints (already merged with the pipeline's defaults), and the scope refusals are counted in (e.g. pipeline/step).
/// <see cref="Wire"/> is the gateway client's own request: providers that speak OpenAI's wire get it as sent, the
/// others get <see cref="Input"/>, its translation into the capability contract.
/// </summary>
public sealed record RouteRequest(
    string TenantId,
    string Capability,
    JsonObject Input,
    IReadOnlyList<string> Providers,
    RoutingPolicy? Policy = null,
    StepConstraints? Constraints = null,
    string? Scope = null,
    Connectors.OpenAiWireRequest? Wire = null)
{
    /// <summary>For a translated stream continued without prefill: the delivered text its answer must start with, not relayed twice.</summary>
    public string? Skip { get; init; }

    /// <summary>
    /// The same call asked to continue an answer of which <paramref name="delivered"/> already reached the caller: with
    /// it as the assistant's last message (a prefill), or asked again with it to be skipped at the start of the answer.
    /// </summary>
    public RouteRequest Continued(string delivered, bool prefill) => this with
    {
        Wire = Wire is null ? null : Wire with { Prefill = prefill ? delivered : null, Skip = prefill ? null : delivered },
        Input = prefill ? WithAssistantPrefill(Input, delivered) : Input,
        Skip = prefill ? null : delivered,
    };

    private static JsonObject WithAssistantPrefill(JsonObject input, string delivered)
    {
        var copy = input.DeepClone().AsObject();
        if (copy["messages"] is not JsonArray messages)
        {
            messages = [];
            copy["messages"] = messages;
        }

        if (copy["prompt"]?.ToString() is { Length: > 0 } prompt)
        {
            copy.Remove("prompt");
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = prompt });
        }

        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = delivered });
        return copy;
    }
}
