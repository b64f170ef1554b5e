namespace Pipelines.Connectors.Onnx;

/// <summary>
/// This connector's limits over the typed embed and classify requests (read by <see cref="EmbedJson"/> and
/// <see cref="ClassifyJson"/>); every fault is an invalid request.
/// </summary>
public static class OnnxInput
{
    public static EmbedRequest ForEmbed(EmbedRequest request, OnnxConnectorOptions limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        if (request.Inputs.Count > limits.MaxTextsPerCall)
        {
            throw Invalid($"'input' holds {request.Inputs.Count} texts; at most {limits.MaxTextsPerCall} are accepted per call.");
        }

        for (var i = 0; i < request.Inputs.Count; i++)
        {
            CheckLength(request.Inputs[i], request.ScalarInput ? "input" : $"input[{i}]", limits);
        }

        return request;
    }

    /// <summary>
    /// A classify request within limits. A label's description (default: the label) is what gets compared with the
    /// text, which separates labels that a bare word does not (see README.md).
    /// </summary>
    public static ClassifyRequest ForClassify(ClassifyRequest request, OnnxConnectorOptions limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        CheckLength(request.Text, "text", limits);
        if (request.Labels.Count + 1 > limits.MaxTextsPerCall)
        {
            throw Invalid($"'labels' holds {request.Labels.Count} labels; at most {limits.MaxTextsPerCall - 1} are accepted per call.");
        }

        for (var i = 0; i < request.Labels.Count; i++)
        {
            CheckLength(request.Labels[i].Label, $"labels[{i}]", limits);
            if (request.Labels[i].Description is { } description)
            {
                CheckLength(description, $"labels[{i}].description", limits);
            }
        }

        return request;
    }

    private static void CheckLength(string text, string path, OnnxConnectorOptions limits)
    {
        if (text.Length > limits.MaxCharsPerText)
        {
            throw Invalid($"'{path}' has {text.Length} characters; at most {limits.MaxCharsPerText} are accepted.");
        }
    }

    private static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);
}
