using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.Connectors.Conformance;

/// <summary>
/// Runs every check of docs/connectors/remote-protocol.md against a connector's URL. Never throws for what the
/// connector does (unreachable, malformed, slow): each problem is a failed check in the report. A report never quotes
/// what the URL answered (sizes and media types only), and a refused connection reads like a silent one, so the
/// suite cannot be used to read or map addresses it is pointed at.
/// </summary>
public sealed partial class ConformanceSuite
{
    public const string SupportedProtocol = "1";

    private const string UnknownCapability = "conformance-no-such-capability";
    private const string UnknownModel = "conformance-no-such-model";

    private readonly Uri _base;
    private readonly HttpClient _http;
    private readonly ConformanceOptions _options;
    private readonly List<ConformanceCheck> _checks = [];
    private readonly List<string> _late = [];
    private int _timedCalls;

    private ConformanceSuite(Uri url, HttpClient http, ConformanceOptions options)
    {
        var text = url.AbsoluteUri;
        _base = new Uri(text.EndsWith('/') ? text : text + "/");
        _http = http;
        _options = options;
    }

    /// <summary>
    /// Runs the suite. <paramref name="http"/> must not time out by itself (the suite sets deadlines per call); a host
    /// passes one that obeys its egress policy. Without one, the suite's own client follows no redirects.
    /// </summary>
    public static async Task<ConformanceReport> RunAsync(
        Uri url, ConformanceOptions? options = null, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("The connector's URL must be an absolute http(s) URL.", nameof(url));
        }

        using var owned = http is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan }
            : null;
        var suite = new ConformanceSuite(url, http ?? owned!, options ?? new ConformanceOptions());
        var watch = Stopwatch.StartNew();
        var manifest = await suite.RunChecksAsync(cancellationToken);
        return new ConformanceReport(
            url,
            Str(manifest, "name"),
            Str(manifest, "version"),
            Str(manifest, "protocol"),
            suite._checks,
            Math.Round(watch.Elapsed.TotalMilliseconds, 1))
        {
            Manifest = manifest,
        };
    }

    private async Task<JsonObject?> RunChecksAsync(CancellationToken cancellationToken)
    {
        // The manifest: nothing else can be checked without it.
        var exchange = await SendAsync(HttpMethod.Get, "manifest", null, null, cancellationToken);
        if (exchange.Failure is not null || exchange.Status != HttpStatusCode.OK || exchange.Json is not JsonObject manifest)
        {
            var asksForSecret = exchange.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
            Fail("manifest.reachable", exchange.Failure
                ?? (asksForSecret && _options.Secret is null
                    ? $"GET /manifest answered {(int)exchange.Status}: the connector asks for its bearer secret; pass it (--secret)."
                    : $"GET /manifest answered {exchange.Describe()}; expected 200 with a JSON object."));
            Skip("remaining checks", "they need the manifest");
            return null;
        }

        Pass("manifest.reachable", $"200 in {exchange.ElapsedMs:0} ms");
        var protocol = Str(manifest, "protocol");
        if (protocol == SupportedProtocol)
        {
            Pass("manifest.protocol", $"protocol {protocol}");
        }
        else
        {
            Fail("manifest.protocol", protocol is null ? "'protocol' is missing." : $"protocol '{protocol}' is not supported (this kit checks {SupportedProtocol}).");
        }

        var problems = ManifestProblems(manifest);
        if (problems.Count == 0)
        {
            Pass("manifest.shape", $"{Str(manifest, "name")} {Str(manifest, "version")}: {Models(manifest).Count} model(s)");
        }
        else
        {
            Fail("manifest.shape", string.Join(" ", problems));
        }

        await CheckHealthAsync(cancellationToken);

        var models = Models(manifest);
        if (models.Count == 0)
        {
            Skip("invoke", "the manifest lists no usable model");
            return manifest;
        }

        var bearer = Str(manifest, "auth") == "bearer";
        if (bearer)
        {
            await CheckAuthAsync(models[0], cancellationToken);
            if (_options.Secret is null)
            {
                Fail("auth.secret", "The manifest says auth: bearer; pass the connector's secret to check its calls.");
                return manifest;
            }
        }

        foreach (var (model, capabilities, streaming) in models)
        {
            foreach (var capability in capabilities)
            {
                await CheckCapabilityAsync(model, capability, cancellationToken);
            }

            if (streaming && capabilities.Contains(Capabilities.Chat))
            {
                await CheckStreamAsync(model, cancellationToken);
            }
        }

        var (firstModel, firstCapabilities, _) = models[0];
        var probe = firstCapabilities.FirstOrDefault(Samples.ContainsKey);
        await CheckErrorAsync("errors.unknown_capability", Body(UnknownCapability, firstModel, new JsonObject()), HttpStatusCode.BadRequest, "invalid_request", cancellationToken);
        if (probe is not null)
        {
            await CheckErrorAsync("errors.unknown_model", Body(probe, UnknownModel, Samples[probe].Valid()), HttpStatusCode.BadRequest, "invalid_request", cancellationToken);
        }
        else
        {
            Skip("errors.unknown_model", "no built-in capability to call");
        }

        await CheckErrorAsync("errors.malformed_body", "{\"capability\": ", HttpStatusCode.BadRequest, "invalid_request", cancellationToken);
        if (probe is not null)
        {
            await CheckErrorAsync("deadline.expired", Body(probe, firstModel, Samples[probe].Valid()), HttpStatusCode.GatewayTimeout, "timeout", cancellationToken, deadlineMs: 0);
        }
        else
        {
            Skip("deadline.expired", "no built-in capability to call");
        }

        if (_timedCalls == 0)
        {
            Skip("deadline.honoured", "no call was made with a deadline");
        }
        else if (_late.Count == 0)
        {
            Pass("deadline.honoured", $"{_timedCalls} call(s) answered within their {_options.Deadline.TotalMilliseconds:0} ms deadline");
        }
        else
        {
            Fail("deadline.honoured", $"Answered late or not at all (deadline {_options.Deadline.TotalMilliseconds:0} ms + {_options.Grace.TotalMilliseconds:0} ms grace): {string.Join("; ", _late)}.");
        }

        return manifest;
    }

    private async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        var health = await SendAsync(HttpMethod.Get, "health", null, null, cancellationToken);
        if (health.Failure is not null)
        {
            Fail("health", health.Failure);
        }
        else if (health.Status == HttpStatusCode.OK && health.Json is JsonObject body && Str(body, "status") == "ok")
        {
            Pass("health", $"200 {{\"status\": \"ok\"}} in {health.ElapsedMs:0} ms");
        }
        else
        {
            Fail("health", $"GET /health answered {health.Describe()}; expected 200 with {{\"status\": \"ok\"}}.");
        }
    }

    private async Task CheckAuthAsync((string Model, IReadOnlyList<string> Capabilities, bool Streaming) model, CancellationToken cancellationToken)
    {
        var capability = model.Capabilities.FirstOrDefault(Samples.ContainsKey) ?? model.Capabilities[0];
        var input = Samples.TryGetValue(capability, out var sample) ? sample.Valid() : new JsonObject();
        await CheckErrorAsync("auth.required", Body(capability, model.Model, input), HttpStatusCode.Unauthorized, "auth", cancellationToken, withSecret: false);
    }

    private async Task CheckCapabilityAsync(string model, string capability, CancellationToken cancellationToken)
    {
        var name = $"{model}.{capability}";
        if (!Samples.TryGetValue(capability, out var sample))
        {
            Skip($"invoke.{name}", $"'{capability}' is not a built-in capability; the kit cannot know its input");
            return;
        }

        foreach (var (suffix, input, validate) in sample.Cases())
        {
            var exchange = await SendAsync(HttpMethod.Post, "invoke", Body(capability, model, input), null, cancellationToken, timed: true);
            var check = $"invoke.{name}{suffix}";
            if (exchange.Failure is not null || exchange.Status != HttpStatusCode.OK)
            {
                Fail(check, exchange.Failure ?? $"A valid {capability} call answered {exchange.Describe()}; expected 200.");
                if (suffix.Length == 0)
                {
                    Skip($"usage.{name}", "no successful call");
                }

                continue;
            }

            if (exchange.Json is not JsonObject root || root["output"] is not { } output)
            {
                Fail(check, $"The body has no 'output': {exchange.Snippet}");
                continue;
            }

            var problem = validate(input, output);
            if (problem is null)
            {
                Pass(check, $"200 in {exchange.ElapsedMs:0} ms");
            }
            else
            {
                Fail(check, problem);
            }

            if (suffix.Length == 0)
            {
                var usage = UsageProblem(root["usage"]);
                if (usage is null)
                {
                    Pass($"usage.{name}", $"inputTokens {root["usage"]!["inputTokens"]}, outputTokens {root["usage"]!["outputTokens"]}");
                }
                else
                {
                    Fail($"usage.{name}", usage);
                }
            }
        }

        await CheckErrorAsync($"invalid_input.{name}", Body(capability, model, sample.Invalid()), HttpStatusCode.BadRequest, "invalid_request", cancellationToken);
    }

    private async Task CheckStreamAsync(string model, CancellationToken cancellationToken)
    {
        var name = $"stream.{model}.chat";
        var headers = new Dictionary<string, string> { ["Accept"] = "text/event-stream" };
        var exchange = await SendAsync(HttpMethod.Post, "invoke", Body(Capabilities.Chat, model, Samples[Capabilities.Chat].Valid()), headers, cancellationToken, timed: true);
        if (exchange.Failure is not null || exchange.Status != HttpStatusCode.OK)
        {
            Fail(name, exchange.Failure ?? $"A streamed chat call answered {exchange.Describe()}; expected 200.");
            return;
        }

        if (exchange.ContentType != "text/event-stream")
        {
            Fail(name, $"The manifest says streaming, but the answer's Content-Type is '{exchange.ContentType}', not text/event-stream.");
            return;
        }

        var events = ParseEvents(exchange.Body);
        var chunks = 0;
        var text = new StringBuilder();
        foreach (var (eventName, data) in events)
        {
            JsonObject? payload;
            try
            {
                payload = JsonNode.Parse(data ?? "") as JsonObject;
            }
            catch (JsonException)
            {
                payload = null;
            }

            switch (eventName)
            {
                case "chunk" when payload is not null && payload["delta"] is JsonValue delta && delta.TryGetValue<string>(out var piece):
                    chunks++;
                    text.Append(piece);
                    break;
                case "chunk":
                    Fail(name, $"A chunk event's data is not {{\"delta\": \"...\"}}: {Sized(data)}");
                    return;
                case "done":
                    var finish = payload?["finishReason"] is JsonValue f && f.TryGetValue<string>(out var reason) ? reason : null;
                    if (finish is null)
                    {
                        Fail(name, "The done event has no finishReason.");
                    }
                    else if (chunks == 0 || text.Length == 0)
                    {
                        Fail(name, "The stream ended without any text.");
                    }
                    else
                    {
                        var usage = UsageProblem(payload!["usage"]);
                        Pass(name, $"{chunks} chunk(s), finishReason {finish}{(usage is null ? ", usage" : $"; no usage ({usage})")}");
                    }

                    return;
                case "error":
                    Fail(name, $"The stream failed: {Sized(data)}");
                    return;
                default:
                    break;
            }
        }

        Fail(name, $"The stream ended after {chunks} chunk(s) without a done event.");
    }

    private async Task CheckErrorAsync(
        string name, string body, HttpStatusCode expectedStatus, string expectedClass, CancellationToken cancellationToken,
        int? deadlineMs = null, bool withSecret = true)
    {
        var headers = deadlineMs is null ? null : new Dictionary<string, string> { ["X-Pipelines-Deadline-Ms"] = deadlineMs.Value.ToString(CultureInfo.InvariantCulture) };
        var exchange = await SendAsync(HttpMethod.Post, "invoke", body, headers, cancellationToken, withSecret: withSecret);
        if (exchange.Failure is not null)
        {
            Fail(name, exchange.Failure);
            return;
        }

        var error = exchange.Json?["error"] as JsonObject;
        var errorClass = error is null ? null : Str(error, "class");
        var message = error is null ? null : Str(error, "message");
        var statusFits = exchange.Status == expectedStatus
            || (expectedClass == "auth" && exchange.Status == HttpStatusCode.Forbidden)
            || (expectedClass == "invalid_request" && (int)exchange.Status is 404 or 405 or 413 or 415 or 422);
        if (statusFits && errorClass == expectedClass && message is not null)
        {
            Pass(name, $"{(int)exchange.Status} {expectedClass}");
        }
        else if (!statusFits)
        {
            Fail(name, $"Answered {exchange.Describe()}; expected {(int)expectedStatus} with error class {expectedClass}.");
        }
        else
        {
            Fail(name, $"Answered {(int)exchange.Status}, but the body is not {{\"error\": {{\"class\": \"{expectedClass}\", \"message\": \"...\"}}}}: {exchange.Snippet}");
        }
    }

    private async Task<Exchange> SendAsync(
        HttpMethod method, string path, string? body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken,
        bool timed = false, bool withSecret = true)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Add("X-Pipelines-Protocol", SupportedProtocol);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Add("X-Pipelines-Deadline-Ms", ((long)_options.Deadline.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        }

        if (withSecret && _options.Secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Secret);
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(key);
            request.Headers.TryAddWithoutValidation(key, value);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Deadline + _options.Grace);
        var watch = Stopwatch.StartNew();
        var label = $"{method} /{path}" + (body is not null && Capability(body) is { } c ? $" ({c})" : "");
        if (timed)
        {
            _timedCalls++;
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (await ReadBoundedAsync(response.Content, limit.Token) is not { } text)
            {
                return Exchange.Failed($"{label}: the answer is larger than {_options.MaxAnswerBytes} bytes.", watch);
            }

            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (timed && elapsed > (_options.Deadline + _options.Grace).TotalMilliseconds)
            {
                _late.Add($"{label} took {elapsed:0} ms");
            }

            return new Exchange(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, elapsed, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (timed)
            {
                _late.Add($"{label} gave no answer within {(_options.Deadline + _options.Grace).TotalMilliseconds:0} ms");
            }

            return Exchange.Failed(Unreachable(label), watch);
        }
        catch (HttpRequestException)
        {
            return Exchange.Failed(Unreachable(label), watch);
        }
    }

    /// <summary>One message for a refused, unreachable or silent address, so closed and open ports read alike.</summary>
    private string Unreachable(string label) =>
        $"{label}: could not connect to {_base}, or no answer within {(_options.Deadline + _options.Grace).TotalMilliseconds:0} ms.";

    /// <summary>The answer as text, or null when it is larger than the suite reads.</summary>
    private async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxAnswerBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(_options.MaxAnswerBytes + 1, 64 * 1024)];
        using var answer = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await answer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (answer.Length > _options.MaxAnswerBytes)
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
    }

    private static List<string> ManifestProblems(JsonObject manifest)
    {
        var problems = new List<string>();
        var name = Str(manifest, "name");
        if (name is null || !NamePattern().IsMatch(name))
        {
            problems.Add(name is null ? "'name' is missing." : $"'name' '{name}' does not match ^[a-z][a-z0-9-]{{0,62}}$.");
        }

        var version = Str(manifest, "version");
        if (version is null)
        {
            problems.Add("'version' is missing.");
        }
        else if (!VersionPattern().IsMatch(version))
        {
            problems.Add($"'version' '{version}' is not a semantic version such as 1.0.0.");
        }

        if (Str(manifest, "auth") is { } auth && auth is not ("none" or "bearer"))
        {
            problems.Add($"'auth' '{auth}' is neither none nor bearer.");
        }

        if (manifest["settings"] is { } settings && settings is not JsonObject)
        {
            problems.Add("'settings' must be a JSON Schema object.");
        }

        if (manifest["models"] is not JsonArray { Count: > 0 } models)
        {
            problems.Add("'models' must list at least one model.");
            return problems;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            if (models[i] is not JsonObject model)
            {
                problems.Add($"models[{i}] is not an object.");
                continue;
            }

            if (Str(model, "model") is not { } id)
            {
                problems.Add($"models[{i}].model is missing.");
            }
            else if (!seen.Add(id))
            {
                problems.Add($"model '{id}' is listed twice.");
            }

            if (model["capabilities"] is not JsonArray { Count: > 0 } capabilities || capabilities.Any(c => c is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                problems.Add($"models[{i}].capabilities must list at least one capability name.");
            }

            if (model["contextWindow"] is { } window && (window is not JsonValue w || !w.TryGetValue<int>(out var tokens) || tokens < 1))
            {
                problems.Add($"models[{i}].contextWindow must be a positive integer.");
            }

            foreach (var flag in new[] { "jsonMode", "tools", "streaming" })
            {
                if (model[flag] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"models[{i}].{flag} must be true or false.");
                }
            }

            foreach (var cost in new[] { "inputCostPer1kTokens", "outputCostPer1kTokens" })
            {
                if (model[cost] is { } value && (value is not JsonValue c || !c.TryGetValue<decimal>(out var amount) || amount < 0))
                {
                    problems.Add($"models[{i}].{cost} must be a number ≥ 0.");
                }
            }
        }

        return problems;
    }

    private static List<(string Model, IReadOnlyList<string> Capabilities, bool Streaming)> Models(JsonObject manifest) =>
        manifest["models"] is JsonArray models
            ? [.. models.OfType<JsonObject>()
                .Where(m => Str(m, "model") is not null && m["capabilities"] is JsonArray)
                .Select(m => (Str(m, "model")!,
                    (IReadOnlyList<string>)[.. ((JsonArray)m["capabilities"]!).OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).Distinct(StringComparer.Ordinal)],
                    m["streaming"]?.GetValueKind() == JsonValueKind.True))
                .Where(m => m.Item2.Count > 0)]
            : [];

    private static string? UsageProblem(JsonNode? usage)
    {
        if (usage is not JsonObject counts)
        {
            return "'usage' is missing; every success must report {\"inputTokens\": n, \"outputTokens\": n}.";
        }

        foreach (var field in new[] { "inputTokens", "outputTokens" })
        {
            if (counts[field] is not JsonValue value || !value.TryGetValue<int>(out var n) || n < 0)
            {
                return $"usage.{field} must be a whole number ≥ 0.";
            }
        }

        return null;
    }

    private static List<(string Name, string? Data)> ParseEvents(string text)
    {
        var events = new List<(string, string?)>();
        string? name = null;
        StringBuilder? data = null;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0)
            {
                if (name is not null || data is not null)
                {
                    events.Add((name ?? "message", data?.ToString()));
                }

                (name, data) = (null, null);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
            }
        }

        if (name is not null || data is not null)
        {
            events.Add((name ?? "message", data?.ToString()));
        }

        return events;
    }

    private static string Body(string capability, string model, JsonObject input) =>
        new JsonObject { ["capability"] = capability, ["model"] = model, ["input"] = input, ["options"] = new JsonObject() }.ToJsonString();

    private static string? Capability(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["capability"]?.GetValue<string>();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Str(JsonObject? node, string property) =>
        node?[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;

    /// <summary>What was answered, without quoting it: the report may be read by someone who must not see it.</summary>
    private static string Sized(string? text) => string.IsNullOrEmpty(text) ? "(nothing)" : $"({text.Length} characters, not shown)";

    private void Pass(string name, string detail) => _checks.Add(new ConformanceCheck(name, CheckStatus.Passed, detail));

    private void Fail(string name, string detail) => _checks.Add(new ConformanceCheck(name, CheckStatus.Failed, detail));

    private void Skip(string name, string detail) => _checks.Add(new ConformanceCheck(name, CheckStatus.Skipped, detail));

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();

    private sealed record Exchange(HttpStatusCode Status, string? ContentType, string Body, double ElapsedMs, string? Failure)
    {
        public static Exchange Failed(string failure, Stopwatch watch) => new(0, null, "", watch.Elapsed.TotalMilliseconds, failure);

        public JsonNode? Json
        {
            get
            {
                try
                {
                    return Body.Length == 0 ? null : JsonNode.Parse(Body);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }

        public string Snippet => $"{ContentType ?? "no content type"} {Sized(Body)}";

        public string Describe() => $"{(int)Status}, {Snippet}";
    }
}
