using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Cli.Commands;

/// <summary>
/// <c>pipelines run</c>: starts a run of the latest published version (or <c>--version</c>). With <c>--wait</c> it follows
/// the event stream, printing progress on stderr, then prints the outputs as JSON on stdout (exit 0) or names the failing
/// step (exit 1).
/// </summary>
public static class RunCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(
        ApiClient api, string pipelineId, int? version, IReadOnlyList<string> inputs, string? idempotencyKey, bool wait, TimeSpan timeout,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["pipelineId"] = pipelineId,
            ["inputs"] = ParseInputs(inputs),
        };
        if (version is { } v)
        {
            body["version"] = v;
        }

        if (idempotencyKey is not null)
        {
            body["idempotencyKey"] = idempotencyKey;
        }

        var run = await api.StartRunAsync(body, cancellationToken);
        error.WriteLine($"Run {run.Id} of {run.PipelineId} v{run.PipelineVersion} started.");
        if (!wait)
        {
            output.WriteLine(run.Id);
            return ExitCodes.Success;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await foreach (var e in api.FollowRunAsync(run.Id, limit.Token))
            {
                if (Describe(e) is { } line)
                {
                    error.WriteLine(line);
                }
            }

            run = await api.GetRunAsync(run.Id, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"Run {run.Id} did not finish within {timeout}; it goes on on the server.");
            return ExitCodes.Failure;
        }

        switch (run.Status)
        {
            case "Succeeded":
                error.WriteLine($"Run {run.Id} succeeded.");
                output.WriteLine(JsonSerializer.Serialize(run.Outputs ?? default, Indented));
                return ExitCodes.Success;
            case "Failed":
                error.WriteLine(run.FailedStep is { } step
                    ? $"Run {run.Id} failed at step '{step}': {run.Error}"
                    : $"Run {run.Id} failed: {run.Error}");
                return ExitCodes.Failure;
            default:
                error.WriteLine($"Run {run.Id} ended {run.Status}{(run.Error is null ? "" : ": " + run.Error)}");
                return ExitCodes.Failure;
        }
    }

    /// <summary><c>k=v</c> (a string), <c>k:=json</c> (any JSON value) or <c>@file.json</c> (an object of inputs).</summary>
    public static JsonObject ParseInputs(IReadOnlyList<string> inputs)
    {
        var result = new JsonObject();
        foreach (var input in inputs)
        {
            if (input.StartsWith('@'))
            {
                var file = input[1..];
                if (!File.Exists(file))
                {
                    throw new CliException(ExitCodes.Usage, $"Input file not found: {file}");
                }

                if (ParseJson(DefinitionFiles.ReadText(file), input) is not JsonObject values)
                {
                    throw new CliException(ExitCodes.Usage, $"{file} must hold a JSON object of inputs.");
                }

                foreach (var (key, value) in values)
                {
                    result[key] = value?.DeepClone();
                }

                continue;
            }

            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--input '{input}' is not k=v, k:=json or @file.json.");
            }

            if (input[equals - 1] == ':' && equals > 1)
            {
                result[input[..(equals - 1)]] = ParseJson(input[(equals + 1)..], input);
            }
            else
            {
                result[input[..equals]] = input[(equals + 1)..];
            }
        }

        return result;
    }

    private static JsonNode? ParseJson(string text, string input)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"--input {input}: not JSON ({e.Message})");
        }
    }

    private static string? Describe(RunEvent e)
    {
        var step = Field(e.Data, "stepId");
        return e.Type switch
        {
            "run_started" => "  run started",
            "step_attempted" => Attempted(step, e.Data),
            "provider_swapped" => $"  {step}: swapped provider {Field(e.Data, "from")} -> {Field(e.Data, "to")} ({Field(e.Data, "reason")})",
            "step_succeeded" => $"  {step}: succeeded",
            "step_failed" => $"  {step}: FAILED {Field(e.Data, "error")}",
            "step_skipped" => $"  {step}: skipped {Field(e.Data, "reason")}",
            "waiting_for_signal" => $"  {step}: waiting for signal {Field(e.Data, "signal")}",
            "signal_received" => $"  {step}: signal received",
            "run_succeeded" => "  run succeeded",
            "run_failed" => "  run failed",
            "run_cancelled" => "  run cancelled",
            _ => null,
        };
    }

    private static string Attempted(string? step, JsonElement data)
    {
        var call = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("call", out var c) ? c : default;
        var error = Field(call, "error");
        return $"  {step}: attempt {Field(data, "attempt")} on {Field(call, "provider") ?? "-"}: {Field(call, "outcome")}{(error is null ? "" : " (" + error + ")")}";
    }

    private static string? Field(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
